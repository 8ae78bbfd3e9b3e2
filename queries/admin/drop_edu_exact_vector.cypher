// Remove the vector index edu_exact_vector before building it again from the stored vectors
// (hippograph schema rebuild-vectors): the vectors stay on the nodes.
// params: none
DROP INDEX edu_exact_vector IF EXISTS
