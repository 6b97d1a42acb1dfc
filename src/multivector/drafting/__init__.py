"""Draft statements proposed from a text (``multivector source add``): the cue verbs
(:mod:`.lexicon`), a sentence's clauses (:mod:`.clauses`), whose words it reports
(:mod:`.attribution`), the reading into typed drafts (:mod:`.reading`) and their triples
(:mod:`.triples`). What happens to drafts afterwards — never facts — is :mod:`multivector.drafts`.
"""

from multivector.drafting.lexicon import KINDS
from multivector.drafting.reading import DraftClaim, find_drafts
from multivector.drafting.triples import KIND_CONCEPTS, add_draft, claim_pairs

__all__ = ["KINDS", "KIND_CONCEPTS", "DraftClaim", "add_draft", "claim_pairs", "find_drafts"]
