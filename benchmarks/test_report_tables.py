"""How long tables B2 to B8 take on the larger demo data set (`make bench`): all regions, and one case worker."""

from __future__ import annotations

import pytest

from access import policies
from reporting import queries, tables


@pytest.mark.parametrize("code", sorted(tables.TABLES))
def test_table_for_all_regions(benchmark, demo_user, code):
    manager = demo_user("nina.national")
    regions, period = list(policies.report_regions(manager)), queries.default_period()
    build = tables.TABLES[code][0]

    table = benchmark(lambda: build(tables.region_columns(regions), period))

    assert len(table.columns) == 5
    assert any(row.total for row in table.rows if row.kind == tables.COUNT)


@pytest.mark.parametrize("code", sorted(code for code, (_, per_worker) in tables.TABLES.items() if per_worker))
def test_table_for_one_case_worker(benchmark, demo_user, code):
    worker = demo_user("casey.london")
    build = tables.TABLES[code][0]

    table = benchmark(lambda: build(tables.worker_columns(worker, worker.region), queries.default_period()))

    assert [c.name for c in table.columns] == [worker.full_name, worker.region.name]
