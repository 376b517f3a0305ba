"""A certificate image end to end: OCR → scheme, level, holder → the certification route.

Rendered with the foreign corpus's writers (not packetgen's), in a wording the extractor's lists do
not spell as such (证书持有单位, 评估级别 given as a digit, the scheme only in the basis line), with
an issuer and seal that name 两化融合 — which must not become a certification of the enterprise."""

import random

import pytest

from extractors.pipeline import extract
from models import Manifest, PacketFacts
from scoring.certification import recognise_all
from tests.foreign import writers as W

HOLDER = "北京通州恒远精密机械有限公司"


@pytest.fixture(scope="module")
def certificate_records():
    lines = ["等级证书", "证书持有单位：" + HOLDER, "认定依据：《数据管理能力成熟度评估模型》GB/T 36073-2018",
             "评估级别：3级", "有效期至：2027年12月31日", "颁发单位：国家两化融合评定服务中心"]
    png = W.degrade(W.render_lines(lines, red_first=True), random.Random(5), stamp_text="两化融合评定服务中心")
    return extract(png, "证书.png").records.certifications


def test_the_certificate_is_one_dcmm_record_with_its_holder(certificate_records):
    assert [(c.kind, c.level, c.holder) for c in certificate_records] == [("dcmm", 3, HOLDER)]
    assert certificate_records[0].min_confidence is not None  # an OCR reading, with its confidence


def test_it_grants_the_route_to_its_holder_only(certificate_records):
    own = PacketFacts(packet_id="p", manifest=Manifest(packet_id="p", enterprise_name=HOLDER),
                      certifications=certificate_records)
    other = own.model_copy(update={"manifest": Manifest(packet_id="p", enterprise_name="北京大兴华泰精密机械有限公司")})
    assert [m.qualifies for m in recognise_all(own)] == [True]
    assert [m.qualifies for m in recognise_all(other)] == [False]
