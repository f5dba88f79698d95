// fixture_db.cpp — writes the GUI test store (see fixture_db.h).
#include "fixture_db.h"

#include <memory>

#include "app/calendar.h"
#include "app/png_io.h"
#include "gongkai/store.h"

namespace gongkai::testing {
namespace {

using kiosk::china_unix;

CatalogItem item(const std::string& domain, const std::string& l1, const std::string& l2, int row) {
  CatalogItem it;
  it.region = "341799000000";
  it.domain = domain;
  it.serial = std::to_string(row);
  it.level1 = l1;
  it.level2 = l2;
  it.content =
      "政策文件；" + l2 + "的申请条件、办理流程、办理结果（姓名、金额），以及监督举报电话。";
  it.basis = {{"《中华人民共和国政府信息公开条例》（国务院令第711号）", "行政法规"},
              {"《社会救助暂行办法》（国务院令第649号）第十一条", "行政法规"}};
  it.basis_text = it.basis[0].text;
  it.time_limit.kind = TimeLimitKind::WithinDays;
  it.time_limit.days = 20;
  it.time_limit.working_days = true;
  it.time_limit_text = "自该信息形成或者变更之日起20个工作日内公开";
  it.subject = "青禾县民政局";
  it.channels = {"政府网站", "政务新媒体", "公开查阅点", "便民服务站", "入户/现场"};
  it.audience = Audience::Public;
  it.mode = DisclosureMode::Proactive;
  it.levels = {"县级", "乡级"};
  if (row % 2 == 0) it.url = "https://www.example.gov.cn/qinghe/item/" + std::to_string(row);
  it.source_file = "fixture";
  it.source_row = row;
  it.uid = make_item_uid(it);
  return it;
}

Notice notice(const std::string& id, const std::string& title, int64_t start,
              std::optional<int64_t> end, NoticePriority p, const std::string& category) {
  Notice n;
  n.id = id;
  n.title = title;
  n.issuer = "石桥村村民委员会";
  n.category = category;
  n.region = "341799101201";
  n.priority = p;
  n.published_at = start - 3600;
  n.start_at = start;
  n.end_at = end;
  n.body =
      "经村民代表会议讨论通过，现将有关事项公示如下。公示期间如有异议，请向村务监督委员会反映。\n";
  n.source_file = "fixture";
  return n;
}

std::vector<uint8_t> tiny_png() {
  kiosk::RgbaImage img;
  img.width = 320;
  img.height = 160;
  img.pixels.resize(320 * 160 * 4);
  for (int y = 0; y < 160; ++y)
    for (int x = 0; x < 320; ++x) {
      uint8_t* p = &img.pixels[static_cast<size_t>((y * 320 + x) * 4)];
      p[0] = static_cast<uint8_t>(60 + x / 2), p[1] = static_cast<uint8_t>(120 + y / 2), p[2] = 90,
      p[3] = 255;
    }
  const std::string tmp = "/tmp/gongkai-fixture-" + std::to_string(::getpid()) + ".png";
  std::string err;
  kiosk::write_png(tmp, img, &err);
  FILE* f = std::fopen(tmp.c_str(), "rb");
  std::vector<uint8_t> bytes;
  if (f) {
    for (int c; (c = std::fgetc(f)) != EOF;) bytes.push_back(static_cast<uint8_t>(c));
    std::fclose(f);
  }
  std::remove(tmp.c_str());
  return bytes;
}

}  // namespace

Status build_fixture_db(const std::string& path) {
  std::remove(path.c_str());
  auto opened = Store::open(path, Store::Mode::ReadWrite);
  if (!opened.ok()) return opened.error();
  Store& s = **opened;
  Store::Transaction tx(s);
  for (const Region& r :
       std::vector<Region>{{"341799000000", "青禾县", "", RegionLevel::County},
                           {"341799101000", "松溪镇", "341799000000", RegionLevel::Township},
                           {"341799101201", "石桥村", "341799101000", RegionLevel::Village}})
    if (auto st = s.put_region(r); !st.ok()) return st.error();
  int row = 1;
  for (const char* l1 : {"最低生活保障", "特困人员救助供养", "临时救助"})
    for (const char* l2 : {"政策文件", "办事指南", "审批结果", "资金发放", "监督举报"}) {
      CatalogItem it = item("18", l1, std::string(l1) + l2, row++);
      if (auto st = s.put_item(it); !st.ok()) return st.error();
    }
  CatalogItem farm = item("21", "耕地地力保护补贴", "补贴政策", row++);
  if (auto st = s.put_item(farm); !st.ok()) return st.error();

  const int64_t now = china_unix(2026, 11, 23, 10);
  const int64_t day = 86400;
  auto png = s.put_attachment(tiny_png(), "image/png");
  if (!png.ok()) return png.error();
  Notice lng = notice(kLongNoticeId, "石桥村2026年度村级财务收支情况公示（第三季度）",
                      now - 3 * day, now + 4 * day, NoticePriority::Pinned, "财务");
  lng.doc_number = "石村〔2026〕8号";
  lng.body =
      "根据《村务公开条例》有关规定，现将本村2026年第三季度财务收支情况公示如下：\n\n## "
      "一、收入情况\n\n";
  for (int i = 0; i < 6; ++i)
    lng.body +=
        "本季度村集体经营性收入主要来自村集体果园承包费、光伏发电收益和农贸市场摊位租金，"
        "合计收入人民币壹拾贰万叁仟肆佰伍拾陆元整（123456元），较上季度增长5.2%。\n\n";
  lng.body +=
      "## 二、支出明细\n\n| 项目 | 金额（元） | 用途说明 |\n|---|---|---|\n"
      "| 道路维修 | 45,000 | 村道X012石桥段路面修补 |\n| 保洁费用 | 12,600 | 全村环境卫生保洁 |\n"
      "| 办公费用 | 3,200 | 村委会日常办公 |\n\n![村集体收入构成示意图](images/income.png)\n\n"
      "## 三、监督电话\n\n如有疑问，请在公示期内向村务监督委员会反映，电话 0571-12345678。\n";
  for (int i = 0; i < 4; ++i)
    lng.body +=
        "\n- 公示期间，村民可到村委会查阅原始凭证，村务监督委员会成员轮流值班接待来访群众。";
  lng.attachments = {{*png, "images/income.png", "image/png", "村集体收入构成示意图"}};
  for (const Notice& n :
       std::vector<Notice>{lng,
                           notice("fx-urgent", "关于石桥段临时停水的紧急通知", now - day,
                                  now + 2 * day, NoticePriority::Urgent, "事务"),
                           notice("fx-low", "石桥村2026年农村低保对象拟认定名单公示", now - 2 * day,
                                  now + 5 * day, NoticePriority::Normal, "政务"),
                           notice("fx-next", "石桥村2027年度村级预算方案公示", now + 3 * day,
                                  now + 10 * day, NoticePriority::Normal, "财务"),
                           notice("fx-old", "石桥村2026年上半年党费收缴情况公示", now - 60 * day,
                                  now - 50 * day, NoticePriority::Normal, "党务"),
                           notice("fx-rules", "石桥村村规民约", now - 300 * day, std::nullopt,
                                  NoticePriority::Normal, "政务")})
    if (auto st = s.put_notice(n); !st.ok()) return st.error();
  if (auto g = s.add_generation("fixture", "GUI test content", now - day); !g.ok())
    return g.error();
  return tx.commit();
}

}  // namespace gongkai::testing
