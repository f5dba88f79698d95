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

#include "generated_catalog.h"
#include "gongkai/content.h"
#include "gongkai/store.h"

namespace {

using namespace gongkai::bench;  // Rng, the phrase pools, join_n, generated_item

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
    gongkai::CatalogItem item = generated_item(
        rng, i, regions[static_cast<size_t>(i) % regions.size()].code,
        (*domains)[(static_cast<size_t>(i) / regions.size()) % domains->size()].domain.code);
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
