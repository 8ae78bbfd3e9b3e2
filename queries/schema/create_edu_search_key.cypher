// Lexical (BM25) recall over each EDU's search key (its text after the day it was said) and, as
// a second field, the turn before the EDU's turn (the question it often answers); English
// stemming and stop words. Lucene cannot filter on a property it does not index, so each EDU's
// scope is indexed too, as a one-token fingerprint (scope_token): a query requires it, and
// BM25 never looks into another scope.
// params: none
CREATE FULLTEXT INDEX edu_search_key IF NOT EXISTS
FOR (n:EDU) ON EACH [n.key, n.context, n.scope_token]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}
