"""Digital signatures (chữ ký số) on PDF documents: PAdES signing and verification.

Backends implement :class:`motcua.signing.base.Signer`; :mod:`motcua.signing.pades` signs and
verifies; :mod:`motcua.signing.democa` makes demo certificates.
"""
