// test_gui.cpp — gongkai-kiosk end to end under X (Xvfb from scripts/test) or, without a
// DISPLAY, SDL's offscreen video driver (issue #4 "Testability"). Each test runs the real binary
// on a store written by fixture_db.cpp and asserts on what it reports and on the PNGs it writes:
// the screen reached, scroll offsets, no tofu, no text wider than its box, non-blank pixels.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../apply/fixture.h"
#include "app/calendar.h"
#include "app/png_io.h"
#include "fixture_db.h"
#include "gongkai/store.h"

namespace {

const std::string kKiosk = GONGKAI_KIOSK_EXE;
constexpr const char* kPinHash =
    "$argon2id$v=19$m=65536,t=2,p=1$NIrzLHQ7hAlg9IPjPWC/"
    "Lw$gpRzEOf21U5IjvGAa1wcDmIHYVLHOOYqjhy8NmZckJQ";  // 240617

struct KioskRun {
  int status = -1;
  std::vector<std::map<std::string, std::string>> reports;  // one per `report`, flat JSON
  std::string out;
};

// Flat JSON object → key/value strings (the app's report lines have no nesting).
std::map<std::string, std::string> parse_flat_json(const std::string& line) {
  std::map<std::string, std::string> kv;
  size_t i = line.find('{');
  while (i != std::string::npos && i < line.size()) {
    const size_t k0 = line.find('"', i);
    if (k0 == std::string::npos) break;
    const size_t k1 = line.find('"', k0 + 1);
    const size_t colon = line.find(':', k1);
    std::string value;
    size_t end;
    if (line[colon + 1] == '"') {
      end = line.find('"', colon + 2);
      value = line.substr(colon + 2, end - colon - 2);
      ++end;
    } else {
      end = line.find_first_of(",}", colon + 1);
      value = line.substr(colon + 1, end - colon - 1);
    }
    kv[line.substr(k0 + 1, k1 - k0 - 1)] = value;
    i = line.find(',', end);
  }
  return kv;
}

class KioskGui : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = ::testing::TempDir() + "gongkai-gui-" + std::to_string(::getpid());
    std::system(("mkdir -p " + dir_).c_str());
    db_ = dir_ + "/fixture.db";
    const auto st = gongkai::testing::build_fixture_db(db_);
    ASSERT_TRUE(st.ok()) << st.error().message;
    // Without an X server (plain ctest), SDL's offscreen driver renders the same pixels.
    if (!std::getenv("DISPLAY")) ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
  }

  static std::string write_config(const std::string& name, const std::string& extra) {
    const std::string path = dir_ + "/" + name + ".toml";
    std::ofstream(path) << "region = \"" << gongkai::testing::kFixtureRegion
                        << "\"\nchannel = \"\"\n"
                        << "staff_pin_hash = \"" << kPinHash << "\"\n"
                        << extra;
    return path;
  }

  // Runs gongkai-kiosk on `db` (the fixture by default) at `now` ("" = the real clock).
  static KioskRun kiosk(const std::string& args, const std::string& config = "",
                        const std::string& db = "",
                        const std::string& now = gongkai::testing::kFixtureNow) {
    const std::string cmd = kKiosk + " --db " + (db.empty() ? db_ : db) +
                            (now.empty() ? "" : " --now " + now) + " --config " +
                            (config.empty() ? write_config("default", "") : config) + " " + args +
                            " 2>" + dir_ + "/stderr.txt";
    KioskRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    while (fgets(buf.data(), buf.size(), p)) r.out += buf.data();
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    std::istringstream lines(r.out);
    for (std::string l; std::getline(lines, l);)
      if (!l.empty() && l[0] == '{') r.reports.push_back(parse_flat_json(l));
    return r;
  }

  static KioskRun script(const std::string& text, const std::string& args = "",
                         const std::string& config = "", const std::string& db = "",
                         const std::string& now = gongkai::testing::kFixtureNow) {
    const std::string path = dir_ + "/script.txt";
    std::ofstream(path) << text;
    return kiosk("--input-script " + path + " " + args, config, db, now);
  }

  static std::string stderr_text() {
    std::ifstream in(dir_ + "/stderr.txt");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // A rendered screen is "not blank" when it has many colours and enough non-background ink.
  static void expect_not_blank(const std::string& png, int w, int h) {
    std::ifstream in(png, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    const auto img = gongkai::kiosk::decode_png(bytes);
    ASSERT_TRUE(img) << png;
    EXPECT_EQ(img->width, w) << png;
    EXPECT_EQ(img->height, h) << png;
    std::set<uint32_t> colours;
    std::map<uint32_t, size_t> counts;
    for (size_t i = 0; i + 3 < img->pixels.size(); i += 4) {
      const uint32_t c = img->pixels[i] | img->pixels[i + 1] << 8 | img->pixels[i + 2] << 16;
      colours.insert(c);
      ++counts[c];
    }
    size_t most = 0;
    for (const auto& [c, n] : counts) most = std::max(most, n);
    const double ink = 1.0 - static_cast<double>(most) / static_cast<double>(w * h);
    EXPECT_GT(colours.size(), 16u) << png;  // anti-aliased text brings many shades
    EXPECT_GT(ink, 0.03) << png;            // ≥ 3 % of the pixels are not the background
  }

  static void expect_clean(const std::map<std::string, std::string>& r) {
    EXPECT_EQ(r.at("tofu"), "0") << r.at("screen");
    EXPECT_EQ(r.at("missing_glyphs"), "0") << r.at("screen");
    EXPECT_EQ(r.at("overflows"), "0") << r.at("screen");
    EXPECT_EQ(r.at("kinsoku"), "0") << r.at("screen");  // no line starts with ，。、 … (clreq)
    EXPECT_EQ(r.at("error"), "") << r.at("screen");
  }

  static std::string dir_, db_;
};

std::string KioskGui::dir_, KioskGui::db_;

TEST_F(KioskGui, screenshot_of_every_screen_is_written_and_not_blank) {
  for (const char* screen :
       {"home", "domain:18", "item:2", "notices", "notice:fx-long", "board", "staff", "pin"}) {
    std::string file = screen;
    if (const auto colon = file.find(':'); colon != std::string::npos) file[colon] = '-';
    const std::string png = dir_ + "/shot-" + file + ".png";
    const KioskRun r = kiosk(std::string("--screenshot ") + png + " --screen " + screen);
    ASSERT_EQ(r.status, 0) << screen << "\n" << stderr_text();
    expect_not_blank(png, 1920, 1080);
  }
}

TEST_F(KioskGui, portrait_and_elder_screenshots_have_the_requested_size) {
  const std::string png = dir_ + "/portrait-elder.png";
  const KioskRun r = kiosk("--screenshot " + png + " --screen notice:fx-long --portrait --elder");
  ASSERT_EQ(r.status, 0) << stderr_text();
  expect_not_blank(png, 1080, 1920);
  const std::string small = dir_ + "/small.png";
  ASSERT_EQ(kiosk("--screenshot " + small + " --screen home --size 1280x800").status, 0);
  expect_not_blank(small, 1280, 800);
}

TEST_F(KioskGui, unknown_screen_is_a_usage_error) {
  EXPECT_NE(kiosk("--screenshot " + dir_ + "/x.png --screen settings").status, 0);
}

TEST_F(KioskGui, walk_home_domain_item_and_back_restores_the_list_position) {
  const KioskRun r = script(
      "report\n"
      "tapon domain:18\nreport\n"
      "drag 900 900 900 300 400\nreport\n"
      "tapon item:12\nreport\n"
      "tapon back\nreport\n"
      "tapon back\nreport\n");
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 6u) << r.out;
  const std::vector<std::string> screens = {"home",    "domain:18", "domain:18",
                                            "item:12", "domain:18", "home"};
  for (size_t i = 0; i < screens.size(); ++i) {
    EXPECT_EQ(r.reports[i].at("screen"), screens[i]) << i;
    expect_clean(r.reports[i]);
  }
  EXPECT_EQ(std::stod(r.reports[2].at("scroll")), 600);  // the drag moved the list 1:1
  EXPECT_EQ(std::stod(r.reports[3].at("scroll")), 0);    // a new screen starts at the top
  EXPECT_EQ(std::stod(r.reports[4].at("scroll")), 600);  // back: the same place in the list
}

TEST_F(KioskGui, a_flick_glides_on_after_the_finger_lifts_and_stops_inside_the_notice) {
  const KioskRun r = script(
      "flick 900 900 900 700 100\nreport\nwait 300\nreport\nwait 4000\nreport\n"
      "drag 900 300 900 900 300\nreport\n",  // pull the other way, past the top
      "--screen notice:fx-long");
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 4u);
  const double s0 = std::stod(r.reports[0].at("scroll")), s1 = std::stod(r.reports[1].at("scroll"));
  const double s2 = std::stod(r.reports[2].at("scroll")),
               max = std::stod(r.reports[2].at("max_scroll"));
  EXPECT_GT(max, 1000) << "the long notice must be taller than the screen";
  EXPECT_GT(s0, 190);  // moved at least as far as the finger
  EXPECT_GT(s1, s0);   // still gliding after release (kinetic)
  EXPECT_GE(s2, s1);
  EXPECT_LT(s2, max);  // settled inside the bounds (this flick is too short to reach the end)
  EXPECT_NEAR(std::stod(r.reports[3].at("scroll")), std::max(0.0, s2 - 600), 0.5);
  for (const auto& rep : r.reports) expect_clean(rep);
}

TEST_F(KioskGui, idle_timeout_returns_to_home) {
  const std::string cfg = write_config("idle", "idle_timeout_s = 10\n");
  const KioskRun r =
      script("tapon domain:18\nreport\nwait 5000\nreport\nwait 6000\nreport\n", "", cfg);
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 3u);
  EXPECT_EQ(r.reports[0].at("screen"), "domain:18");
  EXPECT_EQ(r.reports[1].at("screen"), "domain:18");
  EXPECT_EQ(r.reports[2].at("screen"), "home");
}

TEST_F(KioskGui, notice_tabs_filter_by_state) {
  const KioskRun r = script(
      "tapon notices\nreport\ntapon tab:1\nscreenshot " + dir_ +
      "/tab1.png\n"
      "tapon notice:fx-next\nreport\ntapon back\ntapon tab:3\ntapon notice:fx-rules\nreport\n");
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 3u);
  EXPECT_EQ(r.reports[0].at("screen"), "notices");
  EXPECT_EQ(r.reports[1].at("screen"), "notice:fx-next");   // 即将公示 lists the upcoming one
  EXPECT_EQ(r.reports[2].at("screen"), "notice:fx-rules");  // 长期公布 lists the long-term one
}

TEST_F(KioskGui, board_shows_urgent_first_and_advances_pages_and_notices) {
  const std::string cfg = write_config("board", "mode = \"board\"\ncarousel_dwell_s = 3\n");
  std::string s = "report\n";
  for (int i = 0; i < 8; ++i) s += "wait 3000\nreport\n";
  const KioskRun r = script(s, "", cfg);
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 9u);
  EXPECT_EQ(r.reports[0].at("screen"), "board");
  EXPECT_EQ(r.reports[0].at("board_notices"), "3");
  EXPECT_EQ(r.reports[0].at("board_id"), "fx-urgent");  // urgent first
  std::set<std::string> seen;
  bool paged = false;
  for (const auto& rep : r.reports) {
    seen.insert(rep.at("board_id"));
    if (rep.at("board_page") != "0") paged = true;
    expect_clean(rep);
  }
  EXPECT_EQ(seen.size(), 3u);  // every notice in 公示 was shown
  EXPECT_TRUE(paged);          // the long notice took more than one page
}

TEST_F(KioskGui, board_with_nothing_in_publicity_shows_the_calm_page) {
  const std::string cfg = write_config("board-empty", "mode = \"board\"\n");
  const std::string png = dir_ + "/board-empty.png";
  const KioskRun r =
      kiosk("--screenshot " + png + " --screen board --now 2030-01-01T10:00:00+08:00", cfg);
  ASSERT_EQ(r.status, 0) << stderr_text();
  expect_not_blank(png, 1920, 1080);
}

TEST_F(KioskGui, staff_page_needs_the_long_press_and_the_right_pin) {
  const KioskRun r = script(
      "longpress 1880 40 1500\nreport\n"
      "type 000000K\nreport\n"
      "type 240617K\nreport\n"
      "tapon exit\nreport\n");
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 4u);
  EXPECT_EQ(r.reports[0].at("screen"), "pin");
  EXPECT_EQ(r.reports[1].at("screen"), "pin");
  EXPECT_EQ(r.reports[1].at("pin_wrong"), "true");
  EXPECT_EQ(r.reports[2].at("screen"), "staff");
  EXPECT_EQ(r.reports[3].at("screen"), "home");
}

TEST_F(KioskGui, a_long_press_elsewhere_does_not_open_the_pin_pad) {
  const KioskRun r = script("longpress 400 600 1500\nreport\n");
  ASSERT_EQ(r.status, 0);
  ASSERT_EQ(r.reports.size(), 1u);
  EXPECT_EQ(r.reports[0].at("screen"), "home");
}

TEST_F(KioskGui, invalid_config_starts_with_defaults_and_tells_staff) {
  const std::string cfg = dir_ + "/broken.toml";
  std::ofstream(cfg) << "mode = \"kiosk\"\nidle_timeout_s = = 3\n";
  const std::string png = dir_ + "/staff-broken.png";
  const KioskRun r = kiosk("--screenshot " + png + " --screen staff", cfg);
  ASSERT_EQ(r.status, 0) << stderr_text();
  EXPECT_NE(stderr_text().find("line 2"), std::string::npos) << stderr_text();
  expect_not_blank(png, 1920, 1080);
}

TEST_F(KioskGui, elder_mode_toggle_enlarges_text_and_idle_restores_it) {
  const std::string cfg = write_config("elder", "idle_timeout_s = 10\n");
  const KioskRun r = script("report\ntapon elder\nreport\nwait 11000\nreport\n", "", cfg);
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 3u);
  EXPECT_EQ(r.reports[0].at("elder"), "false");
  EXPECT_EQ(r.reports[1].at("elder"), "true");
  // Bigger text and tiles: the home content grows.
  EXPECT_GT(std::stod(r.reports[1].at("content_height")),
            std::stod(r.reports[0].at("content_height")) * 1.2);
  EXPECT_EQ(r.reports[2].at("elder"), "false");
  for (const auto& rep : r.reports) expect_clean(rep);
}

}  // namespace

namespace {

TEST_F(KioskGui, scripted_screenshots_in_portrait_keep_the_requested_size) {
  const std::string png = dir_ + "/script-portrait.png";
  const KioskRun r = script("drag 500 1700 500 300 500\nscreenshot " + png + "\nreport\n",
                            "--screen notice:fx-long --portrait --elder");
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 1u);
  EXPECT_GT(std::stod(r.reports[0].at("scroll")), 1000);
  expect_clean(r.reports[0]);
  expect_not_blank(png, 1080, 1920);
}

}  // namespace

#ifdef GONGKAI_DEMO_DB
namespace {

// The demo county built by the importers (assets/demo): every tab, the notices with tables and
// images, a domain and the board, in both orientations and in 长辈模式, on the real clock (the
// demo build shifts its dates to the build day). Nothing may be tofu or overflow its box.
TEST_F(KioskGui, demo_content_renders_without_tofu_or_overflow) {
  const std::string demo = GONGKAI_DEMO_DB;
  std::string s = "report\ntapon domain:03\nreport\ntapon back\ntapon notices\nreport\n";
  for (int tab = 1; tab < 4; ++tab) s += "tapon tab:" + std::to_string(tab) + "\nreport\n";
  for (const char* args : {"", "--portrait --elder", "--high-contrast"}) {
    const KioskRun r = script(s, args, "", demo, "");
    ASSERT_EQ(r.status, 0) << args << "\n" << stderr_text();
    ASSERT_EQ(r.reports.size(), 6u) << args;
    for (const auto& rep : r.reports) expect_clean(rep);
  }
  for (const char* screen :
       {"notice:qh-2026-0004", "notice:qh-2026-0006", "notice:qh-2026-0010", "board"}) {
    for (const char* args : {"", " --portrait --elder"}) {
      const std::string png = dir_ + "/demo.png";
      const KioskRun r = script("report\nscreenshot " + png + "\n",
                                std::string("--screen ") + screen + args, "", demo, "");
      ASSERT_EQ(r.status, 0) << screen << args << "\n" << stderr_text();
      ASSERT_EQ(r.reports.size(), 1u);
      expect_clean(r.reports[0]);
      expect_not_blank(png, *args ? 1080 : 1920, *args ? 1920 : 1080);
    }
  }
}

}  // namespace
#endif

namespace {

TEST_F(KioskGui, a_kiosk_without_content_says_what_to_do_and_staff_can_still_get_in) {
  const KioskRun r = script("report\nlongpress 1880 40 1500\ntype 240617K\nreport\n", "", "",
                            dir_ + "/does-not-exist.db");
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 2u);
  EXPECT_EQ(r.reports[0].at("screen"), "home");
  EXPECT_EQ(r.reports[0].at("tofu"), "0");
  EXPECT_EQ(r.reports[1].at("screen"), "staff");
}

TEST_F(KioskGui, board_outside_screen_on_hours_is_black) {
  // 10:00 on a Monday with Monday dark all day.
  const std::string cfg = write_config("dark", "mode = \"board\"\n[screen_on]\nmon = []\n");
  const std::string png = dir_ + "/dark.png";
  ASSERT_EQ(kiosk("--screenshot " + png + " --screen board", cfg).status, 0) << stderr_text();
  std::ifstream in(png, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  const auto img = gongkai::kiosk::decode_png(bytes);
  ASSERT_TRUE(img);
  size_t lit = 0;
  for (size_t i = 0; i + 3 < img->pixels.size(); i += 4)
    lit += (img->pixels[i] | img->pixels[i + 1] | img->pixels[i + 2]) != 0;
  EXPECT_EQ(lit, 0u);
}

}  // namespace

namespace {

// An urgent notice that appears in the store while the board runs interrupts the carousel at the
// next re-read of the store (issue #4: "An urgent notice interrupts at once").
TEST_F(KioskGui, a_new_urgent_notice_interrupts_the_board) {
  const std::string db = dir_ + "/urgent.db";
  ASSERT_TRUE(gongkai::testing::build_fixture_db(db).ok());
  const std::string script_path = dir_ + "/urgent.txt";
  std::ofstream(script_path) << "report\nwait 45000\nreport\n";
  const std::string cfg = write_config("urgent", "mode = \"board\"\ncarousel_dwell_s = 20\n");
  const std::string cmd = kKiosk + " --db " + db + " --now " + gongkai::testing::kFixtureNow +
                          " --config " + cfg + " --input-script " + script_path + " 2>" + dir_ +
                          "/stderr.txt";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::array<char, 4096> buf;
  ASSERT_NE(fgets(buf.data(), buf.size(), p), nullptr);
  const auto first = parse_flat_json(buf.data());
  {
    // While the kiosk runs: publish a new urgent notice into the store it reads.
    auto store = gongkai::Store::open(db, gongkai::Store::Mode::ReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    gongkai::Store::Transaction tx(**store);
    gongkai::Notice n;
    n.id = "fx-urgent2";
    n.title = "关于暴雨橙色预警的紧急通知";
    n.issuer = "石桥村村民委员会";
    n.category = "事务";
    n.region = gongkai::testing::kFixtureRegion;
    n.priority = gongkai::NoticePriority::Urgent;
    n.start_at = *gongkai::kiosk::parse_iso8601(gongkai::testing::kFixtureNow) - 3600;
    n.published_at = n.start_at;
    n.end_at = n.start_at + 2 * 86400;
    n.body = "请村民做好防范。";
    ASSERT_TRUE((*store)->put_notice(n).ok());
    ASSERT_TRUE(tx.commit().ok());
  }
  std::string rest;
  while (fgets(buf.data(), buf.size(), p)) rest += buf.data();
  ASSERT_EQ(pclose(p), 0) << stderr_text();
  EXPECT_EQ(first.at("board_id"), "fx-urgent");
  EXPECT_EQ(parse_flat_json(rest).at("board_id"), "fx-urgent2");
}

// The kiosk starts on the generation its sync data directory holds (issue #5 "Apply", DESIGN §2
// "the UI reads the active generation"), not on --db: the home screen shows the synced region and
// its items, and the staff page reports the generation number.
TEST_F(KioskGui, starts_on_the_synced_generation_and_staff_see_its_number) {
  namespace at = gongkai::apply::testing;
  at::TempDir tmp;
  at::Publisher pub(tmp.path());
  pub.init(12);  // 12 items for 青禾县 / 松溪镇, both ancestors of 石桥村
  pub.emit(at::kNow);
  at::FakeClock clock;
  int64_t gen = 0;
  {
    auto e = gongkai::apply::SyncEngine::open(at::kiosk_config(tmp / "kiosk", pub, clock));
    ASSERT_TRUE(e.ok()) << e.error().message;
    auto r = at::sync_dir(**e, pub.feed);
    ASSERT_TRUE(r.ok()) << r.error().message;
    gen = r->generation;
  }
  at::fs::create_directories(tmp / "media");
  auto config = [&](bool with_sync) {
    const std::string path = dir_ + (with_sync ? "/synced.toml" : "/unsynced.toml");
    std::ofstream out(path);
    out << "region = \"" << at::kVillage << "\"\nchannel = \"\"\nstaff_pin_hash = \"" << kPinHash
        << "\"\n";
    if (with_sync)
      out << "[sync]\ndata_dir = \"" << tmp / "kiosk"
          << "\"\ntrust_root = \"" << pub.keys + "/root/1.root.json"
          << "\"\nusb_mount_roots = [\"" << tmp / "media"
          << "\"]\n";
    return path;
  };
  const auto home = script("report\n", "", config(true));  // --db: the GUI fixture, not shown
  ASSERT_EQ(home.status, 0) << stderr_text();
  ASSERT_EQ(home.reports.size(), 1u);
  EXPECT_EQ(home.reports[0].at("screen"), "home");
  EXPECT_EQ(home.reports[0].at("sync_generation"), std::to_string(gen));
  EXPECT_EQ(home.reports[0].at("region_name"), "石桥村");
  EXPECT_EQ(home.reports[0].at("home_items"), "12");
  expect_clean(home.reports[0]);
  // The same kiosk without [sync] shows --db, which knows nothing of 石桥村.
  const auto plain = script("report\n", "", config(false));
  ASSERT_EQ(plain.status, 0) << stderr_text();
  EXPECT_EQ(plain.reports.at(0).at("sync_generation"), "-1");
  EXPECT_NE(plain.reports.at(0).at("region_name"), "石桥村");
  // Staff page: the generation number is what it reports (and draws in its sync rows).
  const std::string png = dir_ + "/staff-synced.png";
  const auto staff =
      script("report\nscreenshot " + png + "\n", "--screen staff --size 1280x1600", config(true));
  ASSERT_EQ(staff.status, 0) << stderr_text();
  EXPECT_EQ(staff.reports.at(0).at("screen"), "staff");
  EXPECT_EQ(staff.reports.at(0).at("sync_generation"), std::to_string(gen));
  expect_clean(staff.reports.at(0));
  expect_not_blank(png, 1280, 1600);
}

// A flip of the sync generation while the board runs is picked up at the next frame boundary
// (GenerationWatch::changed(), DESIGN §2), so a new urgent notice interrupts the carousel at once
// — well before the 30 s periodic re-read, which this run never reaches (issue #4, #5).
TEST_F(KioskGui, an_urgent_notice_in_a_new_generation_interrupts_the_board_at_once) {
  namespace at = gongkai::apply::testing;
  at::TempDir tmp;
  at::Publisher pub(tmp.path());
  pub.init(4);
  pub.emit(at::kNow);
  at::FakeClock clock;
  auto engine = gongkai::apply::SyncEngine::open(at::kiosk_config(tmp / "kiosk", pub, clock));
  ASSERT_TRUE(engine.ok()) << engine.error().message;
  ASSERT_TRUE(at::sync_dir(**engine, pub.feed).ok());
  const std::string cfg = dir_ + "/board-sync.toml";
  std::ofstream(cfg) << "mode = \"board\"\ncarousel_dwell_s = 60\nregion = \"" << at::kVillage
                     << "\"\nchannel = \"\"\n[sync]\ndata_dir = \"" << tmp / "kiosk"
                     << "\"\ntrust_root = \"" << pub.keys + "/root/1.root.json"
                     << "\"\n";
  const std::string script_path = dir_ + "/board-sync.txt";
  std::ofstream(script_path) << "report\nwait 20000\nreport\n";
  const std::string cmd = kKiosk + " --now 2026-11-18T19:06:40+08:00 --config " + cfg +
                          " --input-script " + script_path + " 2>" + dir_ + "/stderr.txt";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::array<char, 4096> buf;
  ASSERT_NE(fgets(buf.data(), buf.size(), p), nullptr);
  const auto first = parse_flat_json(buf.data());
  {
    // While the kiosk runs: the county publishes an urgent notice; the kiosk's data directory
    // gets the new generation (the worker's job on a real kiosk).
    gongkai::Store::Transaction tx(*pub.store);
    gongkai::Notice n;
    n.id = "2026-青禾-urgent";
    n.title = "关于暴雨橙色预警的紧急通知";
    n.region = at::kVillage;
    n.category = "事务";
    n.priority = gongkai::NoticePriority::Urgent;
    n.published_at = n.start_at = at::kNow - 3600;
    n.end_at = at::kNow + 2 * 86400;
    n.body = "请村民做好防范。";
    ASSERT_TRUE(pub.store->put_notice(n).ok());
    ASSERT_TRUE(tx.commit().ok());
    pub.emit(at::kNow + 60);
    *clock.system = at::kNow + 120;
    auto r = at::sync_dir(**engine, pub.feed);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->outcome, gongkai::apply::CycleResult::Outcome::Applied);
  }
  std::string rest;
  while (fgets(buf.data(), buf.size(), p)) rest += buf.data();
  ASSERT_EQ(pclose(p), 0) << stderr_text();
  EXPECT_EQ(first.at("sync_generation"), "1");
  EXPECT_EQ(first.at("board_id"), "2026-青禾-0001");
  const auto second = parse_flat_json(rest);
  EXPECT_EQ(second.at("sync_generation"), "2");
  EXPECT_EQ(second.at("board_id"), "2026-青禾-urgent");
}

// Staff "立即同步" (issue #5): with the worker running (--sync-worker) and its own schedule held
// back an hour (--sync-after), the button runs a feed cycle at once; `settle` lets the worker and
// the content loader finish; the status row then says what happened and the kiosk shows the new
// generation. Pressed again: already up to date. Without a worker the row says so.
TEST_F(KioskGui, staff_sync_now_runs_a_feed_cycle_and_shows_its_result) {
  namespace at = gongkai::apply::testing;
  at::TempDir tmp;
  at::Publisher pub(tmp.path());
  pub.init(4);
  pub.emit(std::time(nullptr));  // the app's worker judges expiry by the real trusted time
  const std::string cfg = dir_ + "/sync-now.toml";
  std::ofstream(cfg) << "region = \"" << at::kVillage << "\"\nchannel = \"\"\n[sync]\ndata_dir = \""
                     << tmp / "kiosk"
                     << "\"\ntrust_root = \"" << pub.keys + "/root/1.root.json"
                     << "\"\nfeed_url = \"file://" << pub.feed << "\"\nusb_mount_roots = []\n";
  const std::string png = dir_ + "/staff-sync-now.png";
  const KioskRun r = script("report\ntapon sync_now\nsettle\nreport\nscreenshot " + png +
                                "\ntapon sync_now\nsettle\nreport\n",
                            "--screen staff --size 1280x1600 --sync-worker --sync-after 3600", cfg);
  ASSERT_EQ(r.status, 0) << stderr_text();
  ASSERT_EQ(r.reports.size(), 3u) << r.out;
  EXPECT_EQ(r.reports[0].at("sync_state"), "idle");
  EXPECT_EQ(r.reports[0].at("sync_generation"), "-1");  // never synced: --db is shown
  EXPECT_EQ(r.reports[1].at("screen"), "staff");
  EXPECT_EQ(r.reports[1].at("sync_state"), "applied") << stderr_text();
  EXPECT_EQ(r.reports[1].at("sync_generation"), "1");
  expect_clean(r.reports[1]);
  expect_not_blank(png, 1280, 1600);
  EXPECT_EQ(r.reports[2].at("sync_state"), "up_to_date");
  EXPECT_EQ(r.reports[2].at("sync_generation"), "1");

  // A scripted run without --sync-worker has no worker: the button says so, nothing runs.
  const KioskRun none = script("tapon sync_now\nreport\n", "--screen staff --size 1280x1600", cfg);
  ASSERT_EQ(none.status, 0) << stderr_text();
  EXPECT_EQ(none.reports.at(0).at("sync_state"), "no_worker");
  EXPECT_EQ(none.reports.at(0).at("sync_generation"), "1");  // what the first run applied
}

// The real app (not scripted, so its sync worker runs) notices a stick under its mount root,
// imports it on the worker thread, switches to the new generation from the inbox, and on
// SIGTERM stops and joins the worker and exits 0 (DESIGN §2, issue #5 "USB").
TEST_F(KioskGui, the_running_kiosk_imports_a_stick_and_exits_cleanly_on_sigterm) {
  namespace at = gongkai::apply::testing;
  at::TempDir tmp;
  at::Publisher pub(tmp.path());
  pub.init(4);
  pub.emit(std::time(nullptr));  // the app's worker judges expiry by the real trusted time
  ASSERT_EQ(gongkai::publish::cmd_make_usb({"--feed", pub.feed, "--out", tmp / "media/GONGKAI"}),
            0);
  const std::string cfg = dir_ + "/usb.toml";
  std::ofstream(cfg) << "region = \"" << at::kVillage << "\"\nchannel = \"\"\n[sync]\ndata_dir = \""
                     << tmp / "kiosk"
                     << "\"\ntrust_root = \"" << pub.keys + "/root/1.root.json"
                     << "\"\nusb_mount_roots = [\"" << tmp / "media"
                     << "\"]\n";
  const std::string err = dir_ + "/usb-stderr.txt";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (!std::freopen(err.c_str(), "w", stderr)) ::_exit(126);
    ::execl(kKiosk.c_str(), kKiosk.c_str(), "--config", cfg.c_str(), "--db", db_.c_str(),
            "--windowed", "--size", "640x480", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  auto log = [&] {
    std::ifstream in(err);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  bool switched = false;
  for (int i = 0; i < 300 && !switched; ++i) {  // ≤ 30 s; a scan is every 3 s
    ::usleep(100 * 1000);
    switched = log().find("generation 1 is active") != std::string::npos;
  }
  ::kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  const std::string text = log();
  EXPECT_TRUE(switched) << text;
  EXPECT_NE(text.find("usb: U盘更新完成"), std::string::npos) << text;
  ASSERT_TRUE(WIFEXITED(status)) << text;
  EXPECT_EQ(WEXITSTATUS(status), 0) << text;
  auto st = gongkai::apply::peek_status(tmp / "kiosk", gongkai::apply::real_clock());
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->generation, std::optional<int64_t>(1));
  // The engine's lock was released at exit: another engine can open the data directory.
  at::FakeClock clock;
  *clock.system = std::time(nullptr);
  EXPECT_TRUE(gongkai::apply::SyncEngine::open(at::kiosk_config(tmp / "kiosk", pub, clock)).ok());
}

}  // namespace
