"""Rendering for the terminal and for pipes: RTL display, tables, output formats."""
