// Remove the vector index entity_exact_vector before building it again from the stored vectors
// (hippograph schema rebuild-vectors): the vectors stay on the nodes.
// params: none
DROP INDEX entity_exact_vector IF EXISTS
