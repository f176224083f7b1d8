"""The service layer: the event-sourced application, the HTTP API and the CLI."""
