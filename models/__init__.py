"""Training of the statistical components: the task-candidate filter (applied by
extractors/learned) and the CRF body-span tagger (trained and measured, not applied).

``directives train`` runs models/train.py on the dev gold only and writes the model
files into extractors/learned/data.
"""
