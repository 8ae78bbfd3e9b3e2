// Ingest jobs of the API are looked up by id.
// params: none
CREATE CONSTRAINT job_key IF NOT EXISTS FOR (j:Job) REQUIRE j.id IS UNIQUE
