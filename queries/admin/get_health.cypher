// Whether the server answers and the GDS plugin is loaded: its version.
// params: none
RETURN gds.version() AS gds
