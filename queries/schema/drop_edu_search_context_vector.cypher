// Retired: the quantized vector index of databases built before issue 16 (its scores moved
// with other scopes' writes); its _exact_ successor holds the same vectors as floats.
// params: none
DROP INDEX edu_search_context_vector IF EXISTS
