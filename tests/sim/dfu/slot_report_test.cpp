#include "sim/dfu/slot_report.h"

#include <gtest/gtest.h>

#include "sim/dfu/image_crypto.h"
#include "sim/dfu/image_format.h"
#include "tests/sim/dfu/image_test_keys.h"

namespace {

using sim::slot_entry;

constexpr std::uint32_t slot_size = 0x4000;

// An unsigned v2.1.3+7 image with its SHA-256 TLV, padded to the slot with
// the trailer magic (imgtool --pad).
std::vector<std::uint8_t> padded_image(const sim::image::signer* key = nullptr) {
    sim::image::sign_options o;
    o.header_size = 0x200;
    o.pad_header = true;
    o.ver = sim::image::parse_version("2.1.3+7");
    o.slot_size = slot_size;
    o.pad = true;
    return sim::image::sign(std::vector<std::uint8_t>(0x300, 0x5a), o, key);
}

TEST(SlotReport, PaddedImageShowsVersionHashAndTrailer) {
    slot_entry e = sim::describe_mcuboot_slot("mcuboot_secondary", "ext", padded_image(), nullptr);
    EXPECT_EQ(e.contents, "image");
    EXPECT_EQ(e.version, "2.1.3+7");
    EXPECT_EQ(e.hash, "ok");
    EXPECT_EQ(e.signature, "unsigned");
    EXPECT_EQ(e.magic, "good");
    EXPECT_EQ(e.image_ok, "unset");
    EXPECT_EQ(e.copy_done, "unset");
    EXPECT_EQ(e.swap_info, "unset");
}

TEST(SlotReport, FlippedBodyByteIsABadHash) {
    std::vector<std::uint8_t> image = padded_image();
    image[0x280] ^= 1;
    EXPECT_EQ(sim::describe_mcuboot_slot("mcuboot_secondary", "ext", image, nullptr).hash, "bad");
}

TEST(SlotReport, SignatureIsVerifiedWithTheTrustedKey) {
    const sim::image::key trusted = sim::image::key::load_pem(image_test::ec_key("slot_report_trusted"));
    const sim::image::key other = sim::image::key::load_pem(image_test::ec_key("slot_report_other"));
    const std::vector<std::uint8_t> image = padded_image(&trusted);
    EXPECT_EQ(sim::describe_mcuboot_slot("s", "ext", image, nullptr).signature, "signed (not checked)");
    EXPECT_EQ(sim::describe_mcuboot_slot("s", "ext", image, &trusted).signature, "signature ok");
    EXPECT_EQ(sim::describe_mcuboot_slot("s", "ext", padded_image(&other), &trusted).signature,
              "signature bad (KEYHASH names another key)");
    EXPECT_EQ(sim::describe_mcuboot_slot("s", "ext", padded_image(), &trusted).signature, "unsigned");
}

TEST(SlotReport, TrailerFlagsAndSwapInfoAreDecoded) {
    std::vector<std::uint8_t> image = padded_image();
    // boot_set_pending(permanent) for image 1 with BOOT_MAX_ALIGN 8.
    const std::size_t image_ok = slot_size - 16 - 8;
    image[image_ok] = 0x01;
    image[image_ok - 16] = 0x13;
    slot_entry e = sim::describe_mcuboot_slot("mcuboot_secondary_1", "ext", image, nullptr);
    EXPECT_EQ(e.image_ok, "set");
    EXPECT_EQ(e.copy_done, "unset");
    EXPECT_EQ(e.swap_info, "perm (image 1)");
}

TEST(SlotReport, ErasedAndGarbageSlots) {
    EXPECT_EQ(sim::describe_mcuboot_slot("s", "ext", std::vector<std::uint8_t>(slot_size, 0xff), nullptr).contents, "erased");
    std::vector<std::uint8_t> scrambled = padded_image();
    std::fill(scrambled.begin(), scrambled.begin() + 0x1000, 0xff);  // MCUboot erased its first sector
    slot_entry e = sim::describe_mcuboot_slot("s", "ext", scrambled, nullptr);
    EXPECT_EQ(e.contents, "no image");
    EXPECT_EQ(e.problem, "header erased");
    std::vector<std::uint8_t> garbage(slot_size, 0xa5);
    slot_entry g = sim::describe_mcuboot_slot("s", "ram", garbage, nullptr);
    EXPECT_EQ(g.contents, "no image");
    EXPECT_NE(g.problem.find("magic"), std::string::npos) << g.problem;
}

TEST(SlotReport, StagedImageIsNamedByItsFile) {
    slot_entry e = sim::describe_staged("/some/dir/app_update.bin", "mcuboot_secondary", true, padded_image(), nullptr);
    EXPECT_EQ(e.staged_from, "app_update.bin");
    EXPECT_EQ(e.device, "ext");
    EXPECT_EQ(e.version, "2.1.3+7");
}

slot_entry entry(const std::string& partition, const std::string& device, const std::string& contents) {
    slot_entry e;
    e.partition = partition;
    e.device = device;
    e.contents = contents;
    return e;
}

slot_entry with_image(slot_entry e, const std::string& version, const std::string& format, const std::string& hash) {
    e.version = version;
    e.format = format;
    e.hash = hash;
    if (format == "mcuboot") e.signature = "signed (not checked)";
    return e;
}

slot_entry with_trailer(slot_entry e, const std::string& magic, const std::string& swap_info) {
    e.magic = magic;
    e.image_ok = e.copy_done = "unset";
    e.swap_info = swap_info;
    return e;
}

sim::slot_report example_report() {
    sim::slot_report r;
    slot_entry ram = entry("mcuboot_primary_1", "ram", "no image");
    ram.problem = "bad magic 0xa5a5a5a5";
    r.slots = {with_trailer(with_image(entry("mcuboot_primary", "app", "image"), "2.0.0+0", "mcuboot", "ok"), "unset",
                            "unset"),
               entry("mcuboot_secondary", "ext", "erased"), ram,
               with_image(entry("net app", "net", "image"), "2", "fw_info", "ok")};
    slot_entry staged = with_trailer(
        with_image(entry("mcuboot_secondary", "ext", "image"), "2.0.0+0", "mcuboot", "bad"), "good", "test (image 0)");
    staged.staged_from = "app_update_v2_corrupt.bin";
    r.staged = {staged};
    r.flash_operations = {1234, 560, 240};
    return r;
}

TEST(SlotReport, FormatsOneLinePerSlotThenStagedThenFlashOperations) {
    EXPECT_EQ(sim::format_slot_report(example_report()),
              "slots:\n"
              "  mcuboot_primary      app  v2.0.0+0  hash ok  signed (not checked)  trailer: magic unset image_ok "
              "unset copy_done unset swap_info unset\n"
              "  mcuboot_secondary    ext  (erased)\n"
              "  mcuboot_primary_1    ram  no image: bad magic 0xa5a5a5a5\n"
              "  net app              net  v2 (fw_info)  hash ok\n"
              "staged:\n"
              "  mcuboot_secondary    ext  app_update_v2_corrupt.bin  v2.0.0+0  hash bad  signed (not checked)  "
              "trailer: magic good image_ok unset copy_done unset swap_info test (image 0)\n"
              "flash operations: app NVMC 1234, net NVMC 560, QSPI 240\n");
}

TEST(SlotReport, JsonRoundTripKeepsEveryField) {
    const sim::slot_report r = example_report();
    const nlohmann::json j = sim::to_json(r);
    ASSERT_TRUE(j.at("slots").is_array());
    EXPECT_EQ(j.at("slots").size(), 4u);
    EXPECT_EQ(j.at("slots")[0].at("version"), "2.0.0+0");
    EXPECT_EQ(j.at("flash_operations").at("qspi"), 240);
    EXPECT_EQ(sim::format_slot_report(sim::slot_report_from_json(j)), sim::format_slot_report(r));
}

}  // namespace
