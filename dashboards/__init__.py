"""The Dash dashboard: the app, its pages, and the team server around it."""
