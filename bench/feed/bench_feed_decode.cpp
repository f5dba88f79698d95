// bench_feed_decode.cpp — issue #5 "Benchmark" (apply a 20k-item generation in < 1 s): the cost
// of turning a county's catalog-shard targets into CatalogItems, DOM vs streaming.
//
// Input: 20 000 items generated in-process exactly as bench/kiosk/gen_catalog.cpp generates them
// (same splitmix64 seed, phrase pools and field lengths; the demo county's six regions and the
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

#include "feed/records.h"
#include "gongkai/store.h"

namespace {

using gongkai::CatalogItem;
namespace feed = gongkai::feed;

constexpr int kItems = 20000;

// splitmix64, as gen_catalog.cpp: the same sequence on every standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<size_t>(hi - lo + 1)));
  }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  uint64_t s_;
};

// The phrase pools of gen_catalog.cpp (lines copied so the field lengths match its catalog).
const std::vector<std::string> kLevel1 = {
    "批准服务信息",     "批准结果信息", "招标投标信息", "征收补偿信息", "施工有关信息",
    "质量安全监督信息", "竣工有关信息", "政策文件",     "办事指南",     "资金使用情况",
    "监督检查",         "统计数据",     "公共服务事项", "行政处罚",     "行政许可"};
const std::vector<std::string> kObjects = {
    "项目",   "资金",     "补贴", "救助对象", "审批事项", "土地",         "房屋",
    "企业",   "从业人员", "设施", "学校",     "医疗机构", "养老服务机构", "农户",
    "合作社", "河道",     "道路", "安置房",   "危房",     "集体经济组织"};
const std::vector<std::string> kActions = {"申报", "受理", "审核", "审批", "公示", "发放",
                                           "备案", "变更", "验收", "核查", "登记", "注销",
                                           "评估", "检查", "认定", "调整", "退出", "复核"};
const std::vector<std::string> kContent = {
    "项目名称", "申报单位",   "受理时间", "受理文件", "办理结果",     "办理时限",   "申请条件",
    "申请材料", "办理流程",   "收费标准", "咨询电话", "监督投诉方式", "补偿标准",   "安置方式",
    "资金来源", "资金额度",   "发放对象", "发放标准", "认定依据",     "审核意见",   "检查结果",
    "整改情况", "处罚决定书", "责任单位", "建设规模", "建设地点",     "开竣工时间", "中标单位"};
const std::vector<std::string> kBasis = {
    "《中华人民共和国政府信息公开条例》（国务院令第711号）",
    "《国务院办公厅关于推进重大建设项目批准和实施领域政府信息公开的意见》（国办发〔2017〕94号）",
    "《社会救助暂行办法》（国务院令第649号）",
    "《中华人民共和国土地管理法》",
    "《国有土地上房屋征收与补偿条例》（国务院令第590号）",
    "《中华人民共和国安全生产法》",
    "《中华人民共和国行政许可法》",
    "《中华人民共和国行政处罚法》",
    "《最低生活保障审核确认办法》（民发〔2021〕57号）",
    "《农村危房改造基本安全技术导则》（建办村函〔2018〕172号）",
    "《中华人民共和国村民委员会组织法》",
    "《关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）"};
const std::vector<std::string> kTimeLimit = {"信息形成或者变更之日起20个工作日内",
                                             "实时公开",
                                             "及时公开",
                                             "每季度公开一次",
                                             "按年度公开",
                                             "长期公开",
                                             "受理后及时公开",
                                             "审批结果作出之日起7个工作日内",
                                             "公示7个工作日，公示结束后长期公开"};
const std::vector<std::string> kSubjects = {"县发展和改革委员会",
                                            "县财政局",
                                            "县民政局",
                                            "县自然资源和规划局",
                                            "县住房和城乡建设局",
                                            "县应急管理局",
                                            "县人力资源和社会保障局",
                                            "县农业农村局",
                                            "县卫生健康委员会",
                                            "县市场监督管理局",
                                            "县教育体育局",
                                            "县交通运输局",
                                            "县水利局",
                                            "乡镇人民政府",
                                            "村民委员会",
                                            "县税务局"};
const std::vector<std::string> kChannels = {"政府网站",
                                            "政府公报",
                                            "两微一端",
                                            "发布会/听证会",
                                            "广播电视",
                                            "纸质媒体",
                                            "公开查阅点",
                                            "政务服务中心",
                                            "便民服务站",
                                            "入户/现场",
                                            "社区/企事业单位/村公示栏(电子屏)",
                                            "精准推送",
                                            "12345政务服务热线",
                                            "投资项目在线审批监管平台"};

std::string join_n(Rng& rng, const std::vector<std::string>& pool, int n, const char* sep) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i) out += sep;
    out += rng.pick(pool);
  }
  return out;
}

// gen_catalog.cpp's item loop, without the store: regions round-robin, domains in blocks.
std::vector<CatalogItem> generate_items() {
  const std::vector<std::string> regions = {"341799000000", "341799101000", "341799101201",
                                            "341799101202", "341799201000", "341799201201"};
  std::vector<std::string> domains;
  for (int d = 1; d <= 26; ++d) domains.push_back((d < 10 ? "0" : "") + std::to_string(d));
  std::vector<CatalogItem> out;
  Rng rng(20260417);
  for (int i = 0; i < kItems; ++i) {
    CatalogItem item;
    const auto ui = static_cast<size_t>(i);
    item.region = regions[ui % regions.size()];
    item.domain = domains[(ui / regions.size()) % domains.size()];
    item.serial = std::to_string(i + 1);
    item.level1 = rng.pick(kLevel1);
    item.level2 =
        rng.pick(kObjects) + rng.pick(kActions) + "（" + std::to_string(i / 100 + 1) + "）";
    if (rng.below(3) == 0) item.level3 = rng.pick(kObjects) + rng.pick(kActions) + "结果";
    item.content =
        join_n(rng, kContent, rng.below(10) ? rng.between(1, 6) : rng.between(8, 16), "、");
    for (int k = 0, n = rng.below(4) ? 1 : rng.between(2, 4); k < n; ++k) {
      gongkai::Citation c;
      c.text = rng.pick(kBasis);
      item.basis_text += (k ? "、" : "") + c.text;
      item.basis.push_back(std::move(c));
    }
    item.time_limit_text = rng.pick(kTimeLimit);
    item.subject = rng.pick(kSubjects);
    for (int k = 0, n = rng.between(2, 6); k < n; ++k) {
      const std::string& ch = kChannels[(ui + static_cast<size_t>(k) * 3) % kChannels.size()];
      item.channels.push_back(ch);
      item.channels_text += "■" + ch + " ";
    }
    item.audience = static_cast<gongkai::Audience>(rng.between(1, 3));
    item.mode = static_cast<gongkai::DisclosureMode>(rng.between(1, 3));
    item.levels = rng.below(2) ? std::vector<std::string>{"县级"}
                               : std::vector<std::string>{"县级", "乡级", "村级"};
    if (rng.below(4) == 0) item.duration_text = "长期";
    if (rng.below(5) == 0)
      item.url = "https://www.example.gov.cn/xxgk/" + std::to_string(i + 1) + ".html";
    item.source_file = "bench-generated.xlsx";
    item.source_row = i + 4;
    item.uid = gongkai::make_item_uid(item);
    out.push_back(std::move(item));
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
