// main.cpp — gongkai-publish: the county publisher's tool. Dispatches to one subcommand.
//
//   gongkai-publish add-regions REGIONS.tsv --db OUT.db
//   gongkai-publish import-catalog FILE.xlsx|FILE.csv --region CODE --db OUT.db [...]
//   gongkai-publish add-notice FILE|DIR... --db OUT.db [...]
//   gongkai-publish check-text FILE...
//   gongkai-publish summary --db DB [--region CODE] [--at TIME]
//
// Exit codes: 0 success; 1 usage or I/O error; 2 some input was rejected (see each command).
#include <cstdio>
#include <cstring>
#include <string>

#include "publish/commands.h"

namespace {

void usage(std::FILE* out) {
  std::fputs(
      "gongkai-publish — 政务公开内容发布工具 / publishing tool for gongkai kiosks\n"
      "\n"
      "usage / 用法:\n"
      "  gongkai-publish add-regions REGIONS.tsv --db OUT.db\n"
      "      register regions (code<TAB>name) / 登记行政区划（代码<TAB>名称）\n"
      "  gongkai-publish import-catalog FILE.xlsx|FILE.csv --region CODE --db OUT.db\n"
      "      [--region-name NAME] [--domain NAME] [--sheet NAME] [--allow-partial]\n"
      "      import a 政务公开事项标准目录 spreadsheet / 导入标准目录表格\n"
      "  gongkai-publish add-notice FILE|DIR... --db OUT.db [--allow-partial] [--shift-days N]\n"
      "      [--calendar cn-workdays.tsv]\n"
      "      add 公告/公示 files / 添加公告、公示\n"
      "  gongkai-publish check-text FILE...\n"
      "      report characters no font can display / 检查无法显示的字符\n"
      "  gongkai-publish summary --db DB [--region CODE] [--at \"YYYY-MM-DD HH:MM\"]\n"
      "      counts and notices by state / 内容统计\n"
      "  gongkai-publish keygen --out DIR/NAME\n"
      "      Ed25519 key pair: NAME.key (0600) + NAME.pub / 生成签名密钥\n"
      "  gongkai-publish root init|rotate --keys DIR --root-key K|--old-key K ...\n"
      "      sign N.root.json (root, targets, snapshot, timestamp keys) / 签发根元数据\n"
      "  gongkai-publish delegate --keys DIR --county CODE --key COUNTY.pub\n"
      "      let a county key sign county/CODE/* only / 委托县级发布密钥\n"
      "  gongkai-publish delegate --keys DIR --province CODE --key PROVINCE.pub\n"
      "      let a province key sign its own and its cities' content only / 委托省级发布密钥\n"
      "  gongkai-publish emit-feed --db CONTENT.db --keys DIR --out FEEDDIR [--region CODE]\n"
      "      write the signed update feed (TUF) / 生成签名更新源\n"
      "  gongkai-publish make-usb --feed FEEDDIR --out DIR\n"
      "      copy the feed to a USB stick / 制作U盘更新包\n"
      "\n"
      "exit codes / 退出码: 0 ok / 成功, 1 usage or I/O error / 用法或读写错误,\n"
      "  2 rows rejected / 有行被拒绝\n"
      "manual / 手册: docs/publisher.md\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gongkai::publish;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 1 : 0;
  }
  std::string cmd = argv[1];
  Args args(argv + 2, argv + argc);
  if (cmd == "add-regions") return cmd_add_regions(args);
  if (cmd == "import-catalog") return cmd_import_catalog(args);
  if (cmd == "add-notice") return cmd_add_notice(args);
  if (cmd == "check-text") return cmd_check_text(args);
  if (cmd == "summary") return cmd_summary(args);
  if (cmd == "keygen") return cmd_keygen(args);
  if (cmd == "root") return cmd_root(args);
  if (cmd == "delegate") return cmd_delegate(args);
  if (cmd == "emit-feed") return cmd_emit_feed(args);
  if (cmd == "make-usb") return cmd_make_usb(args);
  std::fprintf(stderr, "unknown command '%s' / 未知命令\n\n", cmd.c_str());
  usage(stderr);
  return 1;
}
