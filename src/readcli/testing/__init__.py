"""Test support shared by the test suite and the benchmarks (not used by readcli itself).

:mod:`readcli.testing.argos_package` builds a real Argos package with random weights.
"""
