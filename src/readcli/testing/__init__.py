"""Test support shared by the test suite and the benchmarks (not used by readcli itself).

:mod:`readcli.testing.argos_package` builds a real Argos package with random weights;
:mod:`readcli.testing.icu_reference` is the display's reference (ICU, dev extra);
:mod:`readcli.testing.terminal` runs a command on a pseudo-terminal (start-up benchmarks).
"""
