"""Reviewing a report: the local review web app and the editor's decisions kept beside a report."""
