"""Teacher-student dialogues: roles, prompt templates and the three MASTER scenarios."""
