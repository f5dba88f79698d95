// bench_feed_decode.cpp — issue #5 "Benchmark" (apply a 20k-item generation in < 1 s): the cost
// of turning a county's catalog-shard targets into CatalogItems, DOM vs streaming.
//
// Input: 20 000 items generated in-process by bench/kiosk/generated_catalog.h, as
// bench_kiosk_gen_catalog does (same seed; the demo county's six regions and the
// 26 pilot domain codes), binned by uid into shards and encoded as emit.cpp's make_target does
// (item_to_json, encode_record, zstd level 9, the signed custom field). Output: Google Benchmark
// times for
//   BM_PayloadBytes  payload_bytes only (zstd + length/sha256 check), shared by both paths
//   BM_DomParse      payload_bytes + tuf::parse_bounded: the DOM without reading it
//   BM_Dom           decode_payload + "items" check + item_from_json per item (the kiosk until now)
//   BM_Sax           payload_bytes + for_each_shard_item
// Both decoders move every item into the same reserved vector. Before timing, main checks that
// both decode the 20 000 items identically (item_to_json), so the two measure the same work.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "../kiosk/generated_catalog.h"
#include "feed/records.h"
#include "gongkai/store.h"

namespace {

using gongkai::CatalogItem;
namespace feed = gongkai::feed;

constexpr int kItems = 20000;

// bench_kiosk_gen_catalog's items (generated_catalog.h), without the store: regions round-robin,
// domains in blocks.
std::vector<CatalogItem> generate_items() {
  const std::vector<std::string> regions = {"341799000000", "341799101000", "341799101201",
                                            "341799101202", "341799201000", "341799201201"};
  std::vector<std::string> domains;
  for (int d = 1; d <= 26; ++d) {
    char code[4];
    std::snprintf(code, sizeof code, "%02d", d);
    domains.emplace_back(code);
  }
  std::vector<CatalogItem> out;
  gongkai::bench::Rng rng(20260417);
  for (int i = 0; i < kItems; ++i) {
    const auto ui = static_cast<size_t>(i);
    out.push_back(gongkai::bench::generated_item(rng, i, regions[ui % regions.size()],
                                                 domains[(ui / regions.size()) % domains.size()]));
  }
  return out;
}

struct Target {
  std::string bytes;  // the zstd frame
  feed::Json custom;  // the signed custom field
};

// The county's catalog-shard targets, as emit.cpp's collect + make_target write them.
std::vector<Target> make_shards(const std::vector<CatalogItem>& items) {
  std::map<std::string, std::map<std::string, feed::Json>> bins;  // bin → uid → item
  for (const auto& i : items) bins[feed::catalog_bin_of(i.uid)][i.uid] = feed::item_to_json(i);
  std::vector<Target> out;
  for (auto& [bin, by_uid] : bins) {
    feed::Json list = feed::Json::array();
    for (auto& [uid, j] : by_uid) list.push_back(std::move(j));
    feed::Json payload{{"bin", bin}, {"items", std::move(list)}};
    payload["format"] = feed::kFormat;
    payload["kind"] = "catalog-shard";
    payload["region"] = "341799000000";
    std::string raw = *feed::encode_record(payload);
    feed::Json custom{{"gongkai",
                       {{"kind", "catalog-shard"},
                        {"raw_length", raw.size()},
                        {"raw_sha256", gongkai::sha256_hex(raw.data(), raw.size())}}}};
    out.push_back({*feed::zstd_compress(raw), custom});
  }
  return out;
}

const std::vector<Target>& shards() {
  static const std::vector<Target> s = make_shards(generate_items());
  return s;
}

// The kiosk's decode until now (generation.cpp Builder::payload + Builder::shard).
bool decode_dom(const Target& t, std::vector<CatalogItem>& out) {
  auto j = feed::decode_payload(t.bytes, t.custom);
  if (!j || !j->contains("items") || !(*j)["items"].is_array()) return false;
  for (const auto& ij : (*j)["items"]) {
    auto it = feed::item_from_json(ij);
    if (!it) return false;
    out.push_back(std::move(*it));
  }
  return true;
}

bool decode_sax(const Target& t, std::vector<CatalogItem>& out) {
  auto raw = feed::payload_bytes(t.bytes, t.custom);
  if (!raw) return false;
  return feed::for_each_shard_item(*raw,
                                   [&](CatalogItem&& i) {
                                     out.push_back(std::move(i));
                                     return gongkai::ok_status();
                                   })
      .ok();
}

template <bool (*Decode)(const Target&, std::vector<CatalogItem>&)>
void run_decoder(benchmark::State& state) {
  std::vector<CatalogItem> out;
  out.reserve(kItems);
  for (auto _ : state) {
    out.clear();
    for (const auto& t : shards()) {
      if (!Decode(t, out)) state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["items"] = static_cast<double>(out.size());
}

void BM_Dom(benchmark::State& state) { run_decoder<decode_dom>(state); }
void BM_Sax(benchmark::State& state) { run_decoder<decode_sax>(state); }

void BM_PayloadBytes(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& t : shards()) benchmark::DoNotOptimize(feed::payload_bytes(t.bytes, t.custom));
  }
}

void BM_DomParse(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& t : shards()) {
      auto raw = feed::payload_bytes(t.bytes, t.custom);
      benchmark::DoNotOptimize(gongkai::tuf::parse_bounded(*raw, feed::kMaxPayloadBytes));
    }
  }
}

BENCHMARK(BM_PayloadBytes)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_DomParse)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Dom)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Sax)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Both decoders must produce the same 20 000 items, or the comparison means nothing.
bool decoders_agree() {
  std::vector<CatalogItem> dom, sax;
  for (const auto& t : shards()) {
    if (!decode_dom(t, dom) || !decode_sax(t, sax)) return false;
  }
  if (dom.size() != static_cast<size_t>(kItems) || sax.size() != dom.size()) return false;
  for (size_t k = 0; k < dom.size(); ++k) {
    if (feed::item_to_json(dom[k]) != feed::item_to_json(sax[k])) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  size_t compressed = 0, raw = 0;
  for (const auto& t : shards()) {
    compressed += t.bytes.size();
    raw += t.custom["gongkai"]["raw_length"].get<size_t>();
  }
  std::printf("%d items in %zu shards: %.2f MB compressed, %.2f MB of JSON\n", kItems,
              shards().size(), static_cast<double>(compressed) / 1e6,
              static_cast<double>(raw) / 1e6);
  if (!decoders_agree()) {
    std::fprintf(stderr, "bench_feed_decode: DOM and SAX decode differently / 两种解码结果不同\n");
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
