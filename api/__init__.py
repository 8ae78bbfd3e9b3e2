"""hippograph's outer layer: settings, the ``hippograph`` command line and the GraphQL API."""
