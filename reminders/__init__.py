"""Deadline reminders: the rules (when), routing to contacts, digests, channels (email,
webhook) and delivery exactly once through the outbox (store/outbox.py)."""
