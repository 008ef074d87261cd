"""Takedown notices: from a confirmed item to a notice a platform must act on, and follow-up.

- `facts.py`: what a notice may claim, and which grounds the facts support (domain.md §3).
- `platforms.yaml` / `platforms.py`: each platform's reporting channel, rules and markers.
- `templates/`: the Jinja2 notice texts, editable without code (`notices.template_dir`).
- `render.py`: rendering, the completeness check (DSA art. 16(2)) and the .eml file.
- `workflow.py`: notices in the database and the item's status changes.
- `followup.py`: the scheduled re-check of noticed URLs.
"""
