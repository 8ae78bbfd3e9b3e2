// Retired: the index over EDU text of databases built before EDUs had a search key.
// params: none
DROP INDEX edu_search_text IF EXISTS
