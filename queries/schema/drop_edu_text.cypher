// Retired: the unscoped index of databases built before scope-filtered search.
// params: none
DROP INDEX edu_text IF EXISTS
