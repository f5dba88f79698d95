// gen_catalog.cpp — bench_kiosk_gen_catalog: writes a large synthetic content store for the kiosk
// cold-start and memory benchmark (issue #4 "Benchmark": "cold start … with a 20k-item generated
// catalog").
//
//   bench_kiosk_gen_catalog OUT.db DOMAINS.tsv REGIONS.tsv [ITEMS=20000] [NOTICES=300]
//
// Input: the 26 pilot domains (assets/domains.tsv) and the demo county's regions
// (assets/demo/regions.tsv). Output: OUT.db (replaced if present), written only through the
// store's write API in one transaction, holding ITEMS catalog items spread round-robin over every
// region and every domain, NOTICES notices spread over the regions, the four categories and every
// 公示 state at the time of generation, and one generation row.
// Invariants: the output depends only on the arguments and the clock's day (the PRNG is seeded
// with a constant), every item uid is unique (the 事项 names carry a serial), and field lengths
// follow the demo county's catalog (averages 19 / 7 / 29 characters for 公开内容 / 二级事项 /
// 公开依据, notices 575 characters, the longest 4360): 公开内容 1–16 elements, 1–4 公开依据
// citations, 2–6 公开渠道, 公开主体 a county/township/village body; notice bodies of headings,
// paragraphs and lists, mostly 100–1300 characters, one in ten 1300–4400.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gongkai/content.h"
#include "gongkai/store.h"

namespace {

// splitmix64: a fixed, portable sequence (std::uniform_int_distribution differs between
// standard libraries, which would make the catalog, and so the benchmark, differ too).
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

// Phrase pools in the register of county 标准目录 and 村务公开 notices; strings are joined into
// fields of the lengths measured on the demo catalog.
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
const std::vector<std::string> kSentences = {
    "根据有关规定，现将相关情况予以公示，接受群众监督。",
    "公示期间，如有异议，请以书面形式向村民委员会或乡镇人民政府反映。",
    "本次共涉及农户四十二户，补助资金已通过“一卡通”发放到户。",
    "经村民代表会议讨论通过，并报乡镇人民政府审核同意。",
    "联系电话：0571-12345678，联系人：王某某。",
    "资金使用情况如下：道路硬化支出十二万三千元，占总额的41.5%。",
    "请各位村民相互转告，按时参加，不得无故缺席。",
    "对反映的问题，我们将在五个工作日内调查核实并予以答复。",
    "具体标准按照县人民政府《关于调整城乡居民最低生活保障标准的通知》执行。",
    "施工期间请注意绕行，给您带来的不便，敬请谅解。",
    "凡符合条件的家庭，均可向户籍所在地乡镇人民政府提出申请。",
    "以上事项，自公布之日起施行，由村民委员会负责解释。"};
const std::vector<std::string> kCategories = {"党务", "政务", "事务", "财务"};
const std::vector<std::string> kTitles = {"关于最低生活保障对象审核结果的公示",
                                          "关于农村危房改造补助资金发放情况的公示",
                                          "关于村级财务收支情况的公开",
                                          "关于召开村民代表会议的通知",
                                          "关于道路硬化工程招标结果的公告",
                                          "关于征地补偿安置方案的公告",
                                          "关于发展党员对象的公示",
                                          "关于耕地地力保护补贴发放的公示",
                                          "关于防汛安全的紧急通知",
                                          "关于集体经济组织收益分配方案的公示"};

std::string join_n(Rng& rng, const std::vector<std::string>& pool, int n, const char* sep) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i) out += sep;
    out += rng.pick(pool);
  }
  return out;
}

std::string notice_body(Rng& rng, int target_bytes) {
  std::string body;
  int section = 1;
  static const char* const kNumerals[] = {"一", "二", "三", "四", "五",
                                          "六", "七", "八", "九", "十"};
  while (static_cast<int>(body.size()) < target_bytes) {
    body += "## ";
    body += kNumerals[(section - 1) % 10];
    body += "、" + rng.pick(kContent) + "\n\n";
    ++section;
    const int paragraphs = rng.between(1, 3);
    for (int p = 0; p < paragraphs; ++p)
      body += join_n(rng, kSentences, rng.between(2, 5), "") + "\n\n";
    if (rng.below(3) == 0) {
      for (int k = 1, n = rng.between(2, 5); k <= n; ++k)
        body += std::to_string(k) + ". " + join_n(rng, kSentences, 1, "") + "\n";
      body += "\n";
    }
  }
  return body;
}

struct RegionRow {
  std::string code, name;
};

std::vector<RegionRow> read_regions(const std::string& path) {
  std::vector<RegionRow> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

int fail(const std::string& what) {
  std::fprintf(stderr, "bench_kiosk_gen_catalog: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 6) {
    std::fprintf(
        stderr,
        "usage: bench_kiosk_gen_catalog OUT.db DOMAINS.tsv REGIONS.tsv [ITEMS] [NOTICES]\n");
    return 2;
  }
  const std::string out = argv[1];
  const int n_items = argc > 4 ? std::atoi(argv[4]) : 20000;
  const int n_notices = argc > 5 ? std::atoi(argv[5]) : 300;
  if (n_items < 0 || n_notices < 0) return fail("counts must be ≥ 0 / 数量不能为负");

  const auto regions = read_regions(argv[3]);
  if (regions.empty()) return fail(std::string("no regions in / 区划文件为空: ") + argv[3]);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(out + suffix);

  auto opened = gongkai::Store::open(out, gongkai::Store::Mode::ReadWrite);
  if (!opened.ok()) return fail(opened.error().message);
  gongkai::Store& store = **opened;
  gongkai::Store::Transaction tx(store);
  if (auto st = store.seed_domains_tsv(argv[2]); !st.ok()) return fail(st.error().message);
  for (const RegionRow& r : regions) {
    gongkai::Region region;
    region.code = r.code;
    region.name = r.name;
    const auto level = gongkai::region_level_of(r.code);
    if (!level) return fail("bad region code / 区划代码无效: " + r.code);
    region.level = *level;
    region.parent = gongkai::region_parent_of(r.code);  // the store derives it from the code too
    if (auto st = store.put_region(region); !st.ok()) return fail(st.error().message);
  }
  auto domains = store.domains(gongkai::Scope{regions.front().code, ""});
  if (!domains.ok()) return fail(domains.error().message);
  if (domains->empty()) return fail("no domains / 没有领域");

  Rng rng(20260417);
  for (int i = 0; i < n_items; ++i) {
    gongkai::CatalogItem item;
    item.region = regions[static_cast<size_t>(i) % regions.size()].code;
    item.domain =
        (*domains)[(static_cast<size_t>(i) / regions.size()) % domains->size()].domain.code;
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
      const std::string& ch =
          kChannels[(static_cast<size_t>(i) + static_cast<size_t>(k) * 3) % kChannels.size()];
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
    if (auto st = store.put_item(item); !st.ok()) return fail(st.error().message);
  }

  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const int64_t day = 86400;
  for (int i = 0; i < n_notices; ++i) {
    gongkai::Notice n;
    char id[32];
    std::snprintf(id, sizeof id, "bench-%05d", i + 1);
    n.id = id;
    n.title = rng.pick(kTitles);
    n.issuer = regions[static_cast<size_t>(i) % regions.size()].name +
               (rng.below(2) ? "村民委员会" : "人民政府");
    n.category = kCategories[static_cast<size_t>(i) % kCategories.size()];
    n.region = regions[static_cast<size_t>(i) % regions.size()].code;
    n.priority = i % 50 == 0   ? gongkai::NoticePriority::Urgent
                 : i % 20 == 0 ? gongkai::NoticePriority::Pinned
                               : gongkai::NoticePriority::Normal;
    // Spread over the four states at generation time: upcoming, in 公示, archived, long-term.
    switch (i % 4) {
      case 0:
        n.start_at = now + rng.between(1, 20) * day;
        n.end_at = n.start_at + 7 * day;
        break;
      case 1:
        n.start_at = now - rng.between(0, 6) * day;
        n.end_at = now + rng.between(1, 10) * day;
        break;
      case 2:
        n.start_at = now - rng.between(30, 400) * day;
        n.end_at = n.start_at + 7 * day;
        break;
      default:
        n.start_at = now - rng.between(1, 400) * day;
        break;
    }
    n.published_at = n.start_at - day;
    // Bytes ≈ 3 per CJK character: mostly short notices, one in ten as long as the demo's longest.
    n.body = notice_body(rng, rng.below(10) ? rng.between(300, 4000) : rng.between(4000, 13000));
    n.source_file = std::string(id) + ".md";
    if (auto st = store.put_notice(n); !st.ok()) return fail(st.error().message);
  }
  if (auto g = store.add_generation("bench", "bench_kiosk_gen_catalog", now); !g.ok())
    return fail(g.error().message);
  if (auto st = tx.commit(); !st.ok()) return fail(st.error().message);
  std::printf("%s: %d items, %d notices, %zu regions, %zu domains\n", out.c_str(), n_items,
              n_notices, regions.size(), domains->size());
  return 0;
}
