// generated_catalog.h — the synthetic catalog items of the 20k-item benchmarks (issue #4 cold
// start, issue #5 apply and decoding): one definition, so bench_kiosk_gen_catalog's store and
// bench/feed's in-process shards hold the same items.
//
// generated_item(rng, i, region, domain) → the i-th item; a fixed PRNG sequence (splitmix64,
// seeded by the caller) makes the catalog depend only on the seed and the order of calls. Field
// lengths follow the demo county's catalog (see gen_catalog.cpp's header).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gongkai/content.h"
#include "gongkai/store.h"

namespace gongkai::bench {

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
inline const std::vector<std::string> kLevel1 = {
    "批准服务信息",     "批准结果信息", "招标投标信息", "征收补偿信息", "施工有关信息",
    "质量安全监督信息", "竣工有关信息", "政策文件",     "办事指南",     "资金使用情况",
    "监督检查",         "统计数据",     "公共服务事项", "行政处罚",     "行政许可"};
inline const std::vector<std::string> kObjects = {
    "项目",   "资金",     "补贴", "救助对象", "审批事项", "土地",         "房屋",
    "企业",   "从业人员", "设施", "学校",     "医疗机构", "养老服务机构", "农户",
    "合作社", "河道",     "道路", "安置房",   "危房",     "集体经济组织"};
inline const std::vector<std::string> kActions = {"申报", "受理", "审核", "审批", "公示", "发放",
                                           "备案", "变更", "验收", "核查", "登记", "注销",
                                           "评估", "检查", "认定", "调整", "退出", "复核"};
inline const std::vector<std::string> kContent = {
    "项目名称", "申报单位",   "受理时间", "受理文件", "办理结果",     "办理时限",   "申请条件",
    "申请材料", "办理流程",   "收费标准", "咨询电话", "监督投诉方式", "补偿标准",   "安置方式",
    "资金来源", "资金额度",   "发放对象", "发放标准", "认定依据",     "审核意见",   "检查结果",
    "整改情况", "处罚决定书", "责任单位", "建设规模", "建设地点",     "开竣工时间", "中标单位"};
inline const std::vector<std::string> kBasis = {
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
inline const std::vector<std::string> kTimeLimit = {"信息形成或者变更之日起20个工作日内",
                                             "实时公开",
                                             "及时公开",
                                             "每季度公开一次",
                                             "按年度公开",
                                             "长期公开",
                                             "受理后及时公开",
                                             "审批结果作出之日起7个工作日内",
                                             "公示7个工作日，公示结束后长期公开"};
inline const std::vector<std::string> kSubjects = {"县发展和改革委员会",
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
inline const std::vector<std::string> kChannels = {"政府网站",
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

inline std::string join_n(Rng& rng, const std::vector<std::string>& pool, int n, const char* sep) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i) out += sep;
    out += rng.pick(pool);
  }
  return out;
}

// The i-th item (serial i + 1, source row i + 4) of region and domain; uid set.
inline CatalogItem generated_item(Rng& rng, int i, const std::string& region,
                                  const std::string& domain) {
  gongkai::CatalogItem item;
  item.region = region;
  item.domain = domain;
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
  return item;
}

}  // namespace gongkai::bench
