"""Type stubs for the compiled core ``stancelens._core``."""

import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "__version__",
    "LexiconError",
    "Span",
    "Token",
    "Evidence",
    "Statement",
    "Document",
    "Lexicon",
    "Analyzer",
    "AnalyzeIter",
    "split_sentences",
    "sentence_spans",
    "tokenize",
    "analyze",
]
__version__: str

_StrPath = Union[str, "os.PathLike[str]"]

class LexiconError(ValueError):
    """A lexicon file or mapping is invalid."""

    file: Optional[str]
    line: Optional[int]
    entry: Optional[str]

@final
class Span:
    """A piece of the document: ``text[start:end] == span.text``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    def __len__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Token:
    """A word token: ``text[start:end] == token.text``."""

    @property
    def text(self) -> str: ...
    @property
    def norm(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Evidence:
    """One lexicon match behind a statement's scores."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def stance(self) -> str: ...
    @property
    def entry(self) -> str: ...
    @property
    def weight(self) -> float: ...
    @property
    def modifiers(self) -> List[str]: ...

@final
class Statement:
    """Who said what: one statement with its speaker, cue and stance scores."""

    @property
    def kind(self) -> str: ...
    @property
    def content(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def speaker_mention(self) -> Optional[str]: ...
    @property
    def speaker_start(self) -> Optional[int]: ...
    @property
    def speaker_end(self) -> Optional[int]: ...
    @property
    def speaker(self) -> Optional[str]: ...
    @property
    def cue(self) -> Optional[str]: ...
    @property
    def cue_start(self) -> Optional[int]: ...
    @property
    def cue_end(self) -> Optional[int]: ...
    @property
    def stances(self) -> List[str]: ...
    @property
    def scores(self) -> Dict[str, float]: ...
    @property
    def evidence(self) -> List[Evidence]: ...
    def to_dict(self) -> Dict[str, object]: ...

@final
class Document:
    """The result of ``analyze``."""

    @property
    def text(self) -> str: ...
    @property
    def paragraphs(self) -> List[Span]: ...
    @property
    def sentences(self) -> List[Span]: ...
    @property
    def tokens(self) -> List[Token]: ...
    @property
    def statements(self) -> List[Statement]: ...
    @property
    def stances(self) -> List[str]: ...
    @property
    def scores(self) -> npt.NDArray[np.float32]: ...
    @property
    def sentence_scores(self) -> npt.NDArray[np.float32]: ...
    def _repr_html_(self) -> str: ...
    def to_pandas(self) -> Any:  # pandas.DataFrame; pandas is optional
        ...

@final
class Lexicon:
    """A stance lexicon: stance names and weighted entries."""

    @staticmethod
    def default() -> Lexicon: ...
    @staticmethod
    def load(path: _StrPath) -> Lexicon: ...
    @staticmethod
    def from_dict(d: Mapping[str, object]) -> Lexicon: ...
    def to_dict(self) -> Dict[str, object]: ...
    def save(self, path: _StrPath) -> None: ...
    @property
    def stances(self) -> List[str]: ...
    def __len__(self) -> int: ...

@final
class Analyzer:
    """A configured pipeline: lexicon, tokenizer and speaker aliases."""

    def __new__(
        cls,
        lexicon: Union[None, Lexicon, Mapping[str, object], _StrPath] = None,
        tokenizer: Optional[_StrPath] = None,
        aliases: Union[None, Mapping[str, str], _StrPath] = None,
    ) -> Analyzer: ...
    def analyze(self, text: str, *, author: Optional[str] = None) -> Document: ...
    def analyze_many(
        self, texts: Iterable[str], *, author: Optional[str] = None
    ) -> List[Document]: ...
    def analyze_batch(
        self,
        texts: Iterable[str],
        *,
        threads: Optional[int] = None,
        author: Optional[str] = None,
    ) -> List[Document]: ...
    def analyze_iter(
        self,
        texts: Iterable[str],
        *,
        batch_size: int = 256,
        threads: Optional[int] = None,
        author: Optional[str] = None,
    ) -> AnalyzeIter: ...
    def score(
        self, texts: Iterable[str], *, threads: Optional[int] = None
    ) -> npt.NDArray[np.float32]: ...
    def analyze_jsonl(self, text: str, doc: str = "", *, author: Optional[str] = None) -> str: ...
    def analyze_jsonl_many(
        self, docs: Sequence[Tuple[str, str]], *, author: Optional[str] = None
    ) -> List[str]: ...
    def tokenize(self, text: str) -> List[Token]: ...
    @property
    def stances(self) -> List[str]: ...
    @property
    def lexicon(self) -> Lexicon: ...
    @property
    def aliases(self) -> Dict[str, str]: ...

@final
class AnalyzeIter:
    """Documents of ``Analyzer.analyze_iter``, analysed a batch at a time."""

    def __iter__(self) -> AnalyzeIter: ...
    def __next__(self) -> Document: ...

def _statement_columns(
    analyzer: Analyzer,
    texts: Sequence[str],
    authors: Optional[Sequence[Optional[str]]] = None,
    threads: Optional[int] = None,
) -> Dict[str, Any]: ...
def _sentence_columns(
    analyzer: Analyzer, texts: Sequence[str], threads: Optional[int] = None
) -> Dict[str, Any]: ...
def split_sentences(text: str) -> List[str]:
    """Sentences of ``text``, in order."""

def sentence_spans(text: str) -> List[Span]:
    """Sentences of ``text`` as spans with ``str`` indices."""

def tokenize(text: str) -> List[Token]:
    """Word tokens of ``text`` with the default English tokenizer."""

def analyze(text: str, *, author: Optional[str] = None) -> Document:
    """Runs the whole pipeline with the default English analyzer."""
