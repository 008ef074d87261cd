"""Security alerts for doxxing and threats: e-mail and webhooks, retried until delivered."""
