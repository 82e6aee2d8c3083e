"""auditkit: audit an IT service management system against ISO/IEC 20000-1:2018."""

__version__ = "0.1.0"
