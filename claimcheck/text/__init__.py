"""The text layer shared by extraction and judging.

One sentence splitter, one span-keeping tokenizer, one lexicon (cue verbs, months, abbreviations,
stop words), and the readers of figures, names and dates, so that a draft and its sources are
read the same way everywhere.
"""
