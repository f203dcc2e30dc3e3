"""Files kept on disk: every original by its content hash, and failed ones in quarantine."""
