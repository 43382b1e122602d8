"""Documents: the Mẫu 01 receipt per dossier, signing a result, verifying it.

    python bench/bench_documents.py [--dossiers 500] [--signatures 100]

Prepares a throwaway SQLite database and media folder with the demo province (``seed_demo``:
catalogue, accounts, demo CA and certificates) and receives ``--dossiers`` dossiers at phường
Minh Sơn (not timed). Then times, one process and one thread:

- the receipt (Mẫu 01) of each dossier as the API builds it: read the dossier, fill the form,
  typeset it with typst: p50 / p95 ms, and receipts per second on one core;
- signing a one-page A4 result with the leader's certificate (RSA 2048, PKCS#12 from storage,
  passphrase decrypted each time, as at each approval), then with the seal as well;
- verifying the signed and sealed result (two signatures, chain to the demo root).

Figures only; nothing here asserts a speed (STYLE.md habit 23).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run as a script from anywhere in the checkout


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(action: Callable[[], object], times: int) -> list[float]:
    """Milliseconds of each of ``times`` calls."""
    spent = []
    for _ in range(times):
        began = time.perf_counter()
        action()
        spent.append((time.perf_counter() - began) * 1000)
    return spent


def _report(name: str, spent: list[float]) -> None:
    p50, p95 = _percentile(spent, 0.50), _percentile(spent, 0.95)
    mean = statistics.fmean(spent)
    print(
        f"{name:<38} n={len(spent):<5} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   "
        f"mean {mean:7.1f} ms   {1000 / mean:6.1f}/s per core"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=500)
    parser.add_argument("--signatures", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            DEBUG="1",
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            MEDIA_ROOT=f"{tmp}/media",
            LOG_LEVEL="WARNING",
            SIGNING_TRUST_DEMO_CA="1",
            DJANGO_SETTINGS_MODULE="motcua.settings",
        )
        for name in ("TSA_URL", "TASKS_BACKEND", "STORAGE_URL"):  # the defaults: no network
            os.environ.pop(name, None)
        import django

        django.setup()
        run(args.dossiers, args.signatures)


def run(dossiers: int, signatures_count: int) -> None:
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from motcua.accounts.models import User
    from motcua.documents import signatures
    from motcua.documents.tests.files import a_pdf
    from motcua.dossiers import slips
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import intake

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discarded output
    lan, hoa = User.objects.get(username="lan"), User.objects.get(username="hoa")
    applicant = {
        "name": "Nguyễn Thị Hường",
        "id_number": "038185001234",
        "phone": "0912345678",
        "address": "Số 3 ngõ 5, phường Minh Sơn",
    }
    papers = [{"code": "to_khai_tthn", "originals": 1}, {"code": "giay_to_tuy_than", "copies": 1}]
    with scopes_disabled():
        for _ in range(dossiers):
            intake.receive_dossier(
                actor=lan, procedure="1.004873", applicant=applicant, components=papers
            )
        codes = list(  # these, not the demo's dossiers (some of those are not received yet)
            Dossier.objects.filter(applicant_id_number=applicant["id_number"]).values_list(
                "code", flat=True
            )
        )
        print(f"{len(codes)} dossiers received at phường Minh Sơn (setup, not timed)")

        def receipt(code: str) -> bytes:
            dossier = Dossier.objects.select_related(
                "agency", "handling_agency", "procedure", "case"
            ).get(code=code)
            return slips.render(dossier, "receipt").content

        receipt(codes[0])  # the first render loads fonts and warms typst
        iterator = iter(codes)
        _report(
            "Mẫu 01 per dossier (read+fill+typeset)",
            _timed(lambda: receipt(next(iterator)), len(codes)),
        )

    letter = a_pdf("Giấy xác nhận tình trạng hôn nhân")
    person = signatures.identity_of(hoa)
    seal = signatures.seal_of(hoa.agency)

    def sign(pdf: bytes, identity) -> bytes:
        return signatures.sign(
            pdf,
            identity,
            field_name="Ky",
            reason="Phê duyệt",
            location="Minh Sơn",
            stamp_lines=[f"Ký bởi: {identity.subject_name}", "Thời gian: 10/03/2025 09:00"],
        )

    sign(letter, person)  # warm the stamp typesetter
    _report("sign: leader (PAdES B-B)", _timed(lambda: sign(letter, person), signatures_count))
    _report(
        "sign: leader + seal (one approval)",
        _timed(lambda: sign(sign(letter, person), seal), signatures_count),
    )
    sealed = sign(sign(letter, person), seal)
    assert signatures.verify(sealed).valid  # a benchmark of a broken signature would mislead
    _report("verify: 2 signatures", _timed(lambda: signatures.verify(sealed), signatures_count))


if __name__ == "__main__":
    main()
