// Lexical (BM25) recall over EDU text.
// params: none
CREATE FULLTEXT INDEX edu_text IF NOT EXISTS
FOR (n:EDU) ON EACH [n.text]
