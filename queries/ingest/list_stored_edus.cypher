// Which of these EDU ids the scope holds already: an appended turn that says again what its
// session said before (the same text, hence the same id) adds no second EDU.
// params: scope, ids
UNWIND $ids AS id
MATCH (u:EDU {scope: $scope, id: id})
RETURN u.id AS id
