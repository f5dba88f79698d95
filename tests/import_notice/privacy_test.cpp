// privacy_test.cpp — masking of ID-card and mobile numbers (sync/store/privacy.cpp, privacy.h;
// DESIGN §4 privacy). The birth-date + province test is the documented choice instead of the
// ISO 7064 check digit, so some cases below have deliberately wrong check digits.
#include "gongkai/privacy.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

TEST(Privacy, Masks18DigitIdCardKeepingAreaAndLastFour) {
  const auto r = mask_personal_numbers("申请人张三，身份证号110105199003071234，家庭人口3人。");
  EXPECT_EQ(r.text, "申请人张三，身份证号110105********1234，家庭人口3人。");
  EXPECT_EQ(r.id_cards, 1);
  EXPECT_EQ(r.mobiles, 0);
}

TEST(Privacy, MasksIdCardEndingInXUpperLowerAndFullWidth) {
  // 34012319851231018 has the ISO 7064 MOD 11-2 check character X.
  EXPECT_EQ(mask_personal_numbers("34012319851231018X").text, "340123********018X");
  EXPECT_EQ(mask_personal_numbers("34012319851231018x。").text, "340123********018x。");
  EXPECT_EQ(mask_personal_numbers("34012319851231018Ｘ").text, "340123********018Ｘ");
}

TEST(Privacy, MasksIdCardWithWrongCheckDigitBecauseBirthDateIsReal) {
  // 11010519900307123 + check: the correct check digit is not 0; still a person's number.
  const auto r = mask_personal_numbers("110105199003071230");
  EXPECT_EQ(r.text, "110105********1230");
  EXPECT_EQ(r.id_cards, 1);
}

TEST(Privacy, Masks15DigitOldIdCard) {
  const auto r = mask_personal_numbers("旧证号340123850101123。");
  EXPECT_EQ(r.text, "旧证号340123******123。");
  EXPECT_EQ(r.id_cards, 1);
}

TEST(Privacy, MasksFullWidthDigitsWithFullWidthStars) {
  const auto r = mask_personal_numbers("电话１３９１２３４５６７８");
  EXPECT_EQ(r.text, "电话１３９＊＊＊＊５６７８");
  EXPECT_EQ(r.mobiles, 1);
}

TEST(Privacy, MasksMobilesPlainSeparatedAndWithCountryCode) {
  EXPECT_EQ(mask_personal_numbers("手机13912345678").text, "手机139****5678");
  EXPECT_EQ(mask_personal_numbers("手机 139-1234-5678。").text, "手机 139-****-5678。");
  EXPECT_EQ(mask_personal_numbers("手机 139 1234 5678").text, "手机 139 **** 5678");
  EXPECT_EQ(mask_personal_numbers("+8613912345678").text, "+86139****5678");
  EXPECT_EQ(mask_personal_numbers("+86 13912345678").text, "+86 139****5678");
  EXPECT_EQ(mask_personal_numbers("+86 139 1234 5678").text, "+86 139 **** 5678");
  EXPECT_EQ(mask_personal_numbers("0551-139-1234-5678").text, "0551-139-1234-5678");
  const auto r = mask_personal_numbers("19912345678、15000001111");
  EXPECT_EQ(r.text, "199****5678、150****1111");
  EXPECT_EQ(r.mobiles, 2);
}

TEST(Privacy, LeavesDigitsInsideLongerRunsAlone) {
  for (const char* s : {
           "11010519900307123",    // 17 digits
           "1101051990030712345",  // 19 digits
           "6222021234567890123",  // bank card
           "139123456789",         // 12 digits starting like a mobile
           "1391234567",           // 10 digits
           "8613912345678",        // 86-prefixed without '+': an account, not a phone
       }) {
    const auto r = mask_personal_numbers(s);
    EXPECT_EQ(r.text, s) << s;
    EXPECT_EQ(r.id_cards + r.mobiles, 0) << s;
  }
}

TEST(Privacy, Leaves18DigitRunsWithoutABirthDateOrProvinceAlone) {
  EXPECT_EQ(mask_personal_numbers("123456789012345678").text, "123456789012345678");  // month 90
  EXPECT_EQ(mask_personal_numbers("990105199003071234").text,
            "990105199003071234");  // no province 99
  EXPECT_EQ(mask_personal_numbers("110105199002301234").text, "110105199002301234");  // Feb 30
}

TEST(Privacy, LeavesDocumentNumbersLandlinesAndRegionCodesAlone) {
  for (const char* s : {"松政〔2026〕31号", "国办发〔2019〕54号", "联系电话：0551-65551234",
                        "010-12345678", "区划代码340123101002", "12345678901", "139-1234-5678-9",
                        "2026-1234-5678", "账号 622-1234-5678"}) {
    EXPECT_EQ(mask_personal_numbers(s).text, s) << s;
  }
}

TEST(Privacy, IsIdempotent) {
  const auto once = mask_personal_numbers("110105199003071234 13912345678");
  const auto twice = mask_personal_numbers(once.text);
  EXPECT_EQ(twice.text, once.text);
  EXPECT_EQ(twice.id_cards + twice.mobiles, 0);
}

TEST(Privacy, IdCardNextToLettersStillMaskedButXFollowedByLettersIsACode) {
  EXPECT_EQ(mask_personal_numbers("ID:110105199003071234").text, "ID:110105********1234");
  // 17 digits + XY… is a product code, not an ID card.
  EXPECT_EQ(mask_personal_numbers("11010519900307123XY").text, "11010519900307123XY");
}

}  // namespace
}  // namespace gongkai
