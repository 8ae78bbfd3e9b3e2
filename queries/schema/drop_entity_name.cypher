// Retired: the unscoped index of databases built before scope-filtered search.
// params: none
DROP INDEX entity_name IF EXISTS
