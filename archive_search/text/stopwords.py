"""The English and Turkish stop-word lists, as Whoosh 2.7 ships them.

The analysis (``text.analysis``) took these two lists from ``whoosh.lang.stopwords``; they are
copied here, word for word, so that the text package does not import Whoosh and an index's
terms stay exactly what they were (``tests/text/test_stopwords.py`` checks them against the
installed Whoosh). They are the lists of NLTK's stopwords corpus; Whoosh's module says it
generated them from the Snowball stop-word files of PostgreSQL's source. The analysis adds
its own words to the Turkish list and writes the other languages' lists itself.

The lists come from Whoosh-Reloaded 2.7.5, ``whoosh/lang/stopwords.py``, under this licence:

    Copyright 2011 Matt Chaput. All rights reserved.

    Redistribution and use in source and binary forms, with or without
    modification, are permitted provided that the following conditions are met:

       1. Redistributions of source code must retain the above copyright notice,
          this list of conditions and the following disclaimer.

       2. Redistributions in binary form must reproduce the above copyright
          notice, this list of conditions and the following disclaimer in the
          documentation and/or other materials provided with the distribution.

    THIS SOFTWARE IS PROVIDED BY MATT CHAPUT ``AS IS'' AND ANY EXPRESS OR
    IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
    MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO
    EVENT SHALL MATT CHAPUT OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT,
    INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
    LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA,
    OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF
    LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
    NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE,
    EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

    The views and conclusions contained in the software and documentation are
    those of the authors and should not be interpreted as representing official
    policies, either expressed or implied, of Matt Chaput.
"""

from __future__ import annotations

__all__ = ["ENGLISH", "TURKISH"]

_ENGLISH = """
    i me my myself we our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their
    theirs themselves what which who whom this that these those am is are
    was were be been being have has had having do does did doing a an the
    and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in
    out on off over under again further then once here there when where why
    how all any both each few more most other some such no nor not only own
    same so than too very s t can will just don should now
"""
_TURKISH = """
    acaba ama aslında az bazı belki biri birkaç birşey biz bu çok
    çünkü da daha de defa diye eğer en gibi hem hep hepsi her hiç için
    ile ise kez ki kim mı mu mü nasıl ne neden nerde nerede nereye niçin
    niye o sanki şey siz şu tüm ve veya ya yani
"""

#: English function words (127), as written: lower case, apostrophes already split off.
ENGLISH: frozenset[str] = frozenset(_ENGLISH.split())
#: Turkish function words (53), as written: Turkish letters, not folded.
TURKISH: frozenset[str] = frozenset(_TURKISH.split())
