// Recall filters EDUs by the date they talk about (resolved at ingest).
// params: none
CREATE INDEX edu_date IF NOT EXISTS
FOR (n:EDU) ON (n.date)
