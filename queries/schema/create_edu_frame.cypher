// Supersession reads a scope's statements about one subject and attribute (graph/supersession.py).
// params: none
CREATE INDEX edu_frame IF NOT EXISTS
FOR (n:EDU) ON (n.scope, n.frame_key)
