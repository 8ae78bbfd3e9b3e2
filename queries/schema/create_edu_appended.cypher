// A scope's EDUs stored by appends after a given count (recall/list_lexical_documents takes
// them into a lexical index in place): equality on the scope, a range on the count.
// params: none
CREATE INDEX edu_appended IF NOT EXISTS
FOR (n:EDU) ON (n.scope, n.appended)
