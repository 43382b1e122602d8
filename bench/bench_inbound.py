"""Dossiers from the national portal (DVCQG) coming in (issue #16): POST /api/v1/dvcqg/dossiers
under gunicorn, each with one scanned paper of about 200 KB (a PDF holding a JPEG page, as a
citizen's scan is), measured with wrk from the same machine.

    DATABASE_URL=postgres://…/motcua_bench python bench/bench_inbound.py [--duration 20]

Every request carries a new ``MaHoSo``. Afterwards the same ``MaHoSo`` is sent from every
connection at once for a few seconds: one dossier and one file must come of it. The files go to
a temporary folder removed at the end. Prints figures; asserts nothing. On a shared 2-core
machine wrk and gunicorn compete for the same cores.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import free_port, server_cpu_seconds, setup_django, start_gunicorn, summarise, wrk

KEY = "bench-inbound-key-0123456789abcdef"
PATH = "/api/v1/dvcqg/dossiers"


def prepare() -> None:
    """Migrate, load the catalogue and the calendar."""
    from django.core.management import call_command

    from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file

    call_command("migrate", verbosity=0)
    import_catalog(load_file(DEFAULT_CATALOG))
    import_file(PACKAGED_CALENDAR)


def scanned_paper(folder: Path) -> bytes:
    """A one-page A4 scan as citizens send it: a typeset page rasterised to JPEG at 150 dpi by
    poppler, wrapped in a PDF by typst (the JPEG is embedded as it is)."""
    import typst

    from motcua.documents.tests import files

    page = folder / "page.pdf"
    page.write_bytes(files.a_pdf("Tờ khai", body="Họ và tên: Nguyễn Văn An, sinh năm 1990. " * 40))
    subprocess.run(
        [
            *("pdftoppm", "-jpeg", "-jpegopt", "quality=85", "-r", "150", "-singlefile"),
            *(str(page), str(folder / "scan")),
        ],
        check=True,
    )
    (folder / "main.typ").write_text(
        '#set page(paper: "a4", margin: 0pt)\n#image("scan.jpg", width: 100%)\n'
    )
    return typst.compile(str(folder / "main.typ"))


def body_parts(paper: bytes) -> tuple[str, str]:
    """The JSON body cut where the MaHoSo goes: (before, after)."""
    body = {
        "MaHoSo": "@@",
        "MaTTHC": "1.004873",
        "MaDonVi": "000.00.31.H99",
        "KenhThucHien": "2",
        "NgayNopHoSo": "",
        "ChuHoSo": "Nguyễn Văn An",
        "SoGiayToChuHoSo": "001090000001",
        "SoDienThoai": "0912345678",
        "Email": "",
        "DiaChi": "Số 3 ngõ 5, phường Minh Sơn",
        "TrichYeuHoSo": "Xác nhận để đăng ký kết hôn",
        "ThanhPhanHoSo": [
            {
                "MaThanhPhanHoSo": "to_khai_tthn",
                "TenThanhPhan": "Tờ khai",
                "SoBanChinh": 1,
                "SoBanSao": 0,
                "TepDinhKem": [
                    {"TenTep": "to-khai.pdf", "Base64": base64.b64encode(paper).decode()}
                ],
            }
        ],
    }
    before, after = json.dumps(body).split("@@")
    return before, after


def script(before: str, after: str, code: str | None) -> str:
    """wrk's Lua: each thread numbers its requests (a new MaHoSo each), or one fixed code."""
    maho = f'"{code}"' if code else 'RUN .. "-" .. tid .. "-" .. counter'
    return (
        f'RUN = "{os.getpid()}-{int(time.time())}"\n'
        f"BEFORE = [==[{before}]==]\nAFTER = [==[{after}]==]\n"
        "local next_id = 0\n"
        "setup = function(thread)\n  next_id = next_id + 1\n  thread:set('tid', next_id)\nend\n"
        "counter = 0\n"
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["X-Api-Key"] = "{KEY}"\n'
        "request = function()\n  counter = counter + 1\n"
        f"  return wrk.format(nil, '{PATH}', nil, BEFORE .. {maho} .. AFTER)\nend\n"
    )


def counts(media: Path) -> tuple[int, int, int]:
    """Dossiers from DVCQG, documents, and files on disk, once the server is idle again (wrk
    stops with requests still at work)."""
    time.sleep(2)
    from django.db import connection
    from django_scopes import scopes_disabled

    from motcua.documents.models import Document
    from motcua.dossiers.models import Dossier

    connection.close()  # a fresh view of what the server committed
    with scopes_disabled():
        dossiers = Dossier.objects.exclude(national_code="").count()
        documents = Document.objects.filter(storage_name__startswith="documents/").count()
    blobs = sum(1 for p in media.rglob("*") if p.is_file())
    return dossiers, documents, blobs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("Needs wrk (apt install wrk)")
    if not os.environ.get("DATABASE_URL"):
        print("note: no DATABASE_URL, using the SQLite file under var/ (PostgreSQL is production)")
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-inbound-"))
    media = folder / "media"
    os.environ.update(DVCQG_INBOUND_KEY=KEY, MEDIA_ROOT=str(media))
    setup_django()
    prepare()
    paper = scanned_paper(folder)
    before, after = body_parts(paper)
    print(
        f"one paper of {len(paper) / 1024:.0f} KB ({len(before) + len(after)} bytes of JSON); "
        f"gunicorn with {args.workers} workers; wrk -c{args.connections}; {os.cpu_count()} CPUs"
    )
    port = args.port or free_port()
    server = start_gunicorn(port, args.workers)
    url = f"http://127.0.0.1:{port}"
    try:
        # Five seconds unmeasured first: the first seconds after a start have slow outliers.
        wrk(["-t2", f"-c{args.connections}", "-d5s", url], script(before, after, None))
        start = counts(media)
        cpu = server_cpu_seconds(server.pid)
        out = wrk(
            ["-t2", f"-c{args.connections}", f"-d{args.duration}s", url],
            script(before, after, None),
        )
        end = counts(media)
        cpu = server_cpu_seconds(server.pid) - cpu
        made = end[0] - start[0]
        print(f"inbound, a new MaHoSo each: {summarise(out)}")
        print(
            f"  dossiers taken in: {made} in {args.duration} s = {made / args.duration:.1f}/s; "
            f"documents +{end[1] - start[1]}, files on disk +{end[2] - start[2]}; "
            f"web workers' CPU {cpu / max(made, 1) * 1000:.1f} ms a dossier"
        )
        twin = f"TWIN-{os.getpid()}-{int(time.time())}"
        out = wrk(["-t2", f"-c{args.connections}", "-d5s", url], script(before, after, twin))
        twins = counts(media)
        print(f"one MaHoSo from {args.connections} connections at once: {summarise(out)}")
        print(
            f"  dossiers +{twins[0] - end[0]}, documents +{twins[1] - end[1]}, "
            f"files on disk +{twins[2] - end[2]} (one of each expected)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
