#include "sim/soc/loader.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

const std::string data_dir = SOURCE_DIR "/tests/sim/data";

struct test_segment {
    std::uint32_t paddr;
    std::uint32_t vaddr;
    std::vector<std::uint8_t> bytes;
    std::uint32_t extra_memsz = 0;  // .bss-like tail not in the file
};

struct test_symbol {
    const char* name;
    std::uint32_t value;
    unsigned char type;
    unsigned char bind = STB_GLOBAL;
};

// Writes a linked ELF with the given segments and symbols, as a linker
// would; machine and elf_class let a test make a wrong one.
void write_elf(const std::string& path, const std::vector<test_segment>& segments,
               const std::vector<test_symbol>& symbols = {}, unsigned machine = EM_ARM,
               int elf_class = ELFCLASS32) {
    ASSERT_NE(elf_version(EV_CURRENT), EV_NONE);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    Elf* elf = elf_begin(fd, ELF_C_WRITE, nullptr);
    ASSERT_NE(elf, nullptr);
    ASSERT_NE(gelf_newehdr(elf, elf_class), nullptr);
    GElf_Ehdr ehdr;
    gelf_getehdr(elf, &ehdr);
    ehdr.e_ident[EI_DATA] = ELFDATA2LSB;
    ehdr.e_machine = static_cast<Elf64_Half>(machine);
    ehdr.e_type = ET_EXEC;
    ehdr.e_version = EV_CURRENT;
    ehdr.e_entry = 0x101;

    // One section per segment holds its bytes; the layout pass places them.
    std::vector<Elf_Scn*> sections;
    std::vector<std::vector<std::uint8_t>> keep(segments.size());
    for (size_t i = 0; i < segments.size(); ++i) {
        keep[i] = segments[i].bytes;
        Elf_Scn* scn = elf_newscn(elf);
        Elf_Data* data = elf_newdata(scn);
        data->d_buf = keep[i].data();
        data->d_size = keep[i].size();
        data->d_align = 4;
        data->d_type = ELF_T_BYTE;
        GElf_Shdr shdr;
        gelf_getshdr(scn, &shdr);
        shdr.sh_type = SHT_PROGBITS;
        shdr.sh_flags = SHF_ALLOC;
        shdr.sh_addr = segments[i].vaddr;
        gelf_update_shdr(scn, &shdr);
        sections.push_back(scn);
    }

    std::string strtab(1, '\0');
    std::vector<std::uint8_t> symtab_bytes;
    if (!symbols.empty()) {
        Elf_Scn* str_scn = elf_newscn(elf);
        Elf_Scn* sym_scn = elf_newscn(elf);
        std::vector<GElf_Sym> syms(1 + symbols.size());
        std::memset(syms.data(), 0, syms.size() * sizeof(GElf_Sym));
        for (size_t i = 0; i < symbols.size(); ++i) {
            syms[i + 1].st_name = static_cast<Elf64_Word>(strtab.size());
            strtab += symbols[i].name;
            strtab += '\0';
            syms[i + 1].st_value = symbols[i].value;
            syms[i + 1].st_info = GELF_ST_INFO(symbols[i].bind, symbols[i].type);
            syms[i + 1].st_shndx = 1;
        }
        Elf_Data* str_data = elf_newdata(str_scn);
        str_data->d_buf = strtab.data();
        str_data->d_size = strtab.size();
        str_data->d_type = ELF_T_BYTE;
        GElf_Shdr shdr;
        gelf_getshdr(str_scn, &shdr);
        shdr.sh_type = SHT_STRTAB;
        gelf_update_shdr(str_scn, &shdr);

        size_t entsize = gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT);
        symtab_bytes.resize(entsize * syms.size());
        Elf_Data* sym_data = elf_newdata(sym_scn);
        sym_data->d_buf = symtab_bytes.data();
        sym_data->d_size = symtab_bytes.size();
        sym_data->d_type = ELF_T_SYM;
        for (size_t i = 0; i < syms.size(); ++i) gelf_update_sym(sym_data, static_cast<int>(i), &syms[i]);
        gelf_getshdr(sym_scn, &shdr);
        shdr.sh_type = SHT_SYMTAB;
        shdr.sh_link = static_cast<Elf64_Word>(elf_ndxscn(str_scn));
        shdr.sh_entsize = entsize;
        gelf_update_shdr(sym_scn, &shdr);
    }
    gelf_update_ehdr(elf, &ehdr);

    ASSERT_NE(gelf_newphdr(elf, segments.size()), nullptr);
    ASSERT_GE(elf_update(elf, ELF_C_NULL), 0);  // lay out sections to learn their offsets
    for (size_t i = 0; i < segments.size(); ++i) {
        GElf_Shdr shdr;
        gelf_getshdr(sections[i], &shdr);
        GElf_Phdr phdr{};
        phdr.p_type = PT_LOAD;
        phdr.p_offset = shdr.sh_offset;
        phdr.p_vaddr = segments[i].vaddr;
        phdr.p_paddr = segments[i].paddr;
        phdr.p_filesz = segments[i].bytes.size();
        phdr.p_memsz = segments[i].bytes.size() + segments[i].extra_memsz;
        phdr.p_flags = PF_R;
        phdr.p_align = 4;
        gelf_update_phdr(elf, static_cast<int>(i), &phdr);
    }
    ASSERT_GE(elf_update(elf, ELF_C_WRITE), 0) << elf_errmsg(-1);
    elf_end(elf);
    ::close(fd);
}

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "/" + std::to_string(::getpid()) + "_" + name;
}

std::string error_of(const std::string& path, std::optional<std::uint32_t> address = {}) {
    try {
        sim::load_image(path, address);
    } catch (const sim::input_error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(loader, elf_loads_segments_at_their_physical_address) {
    std::string path = temp_path("app.elf");
    // .text at 0x0; .data linked for RAM (0x20000000) but stored in flash
    // right after .text: it must be programmed at its physical address.
    write_elf(path, {{0x0, 0x0, {1, 2, 3, 4, 5, 6, 7, 8}},
                     {0x8, 0x20000000, {9, 10, 11, 12}},
                     {0x20000004, 0x20000004, {}, 64}});  // .bss: nothing to load
    sim::loaded_image image = sim::load_image(path);
    EXPECT_EQ(image.format, sim::image_format::elf);
    ASSERT_EQ(image.contents.ranges().size(), 1u);  // contiguous: merged
    const sim::memory_range& range = image.contents.ranges()[0];
    EXPECT_EQ(range.address, 0x0u);
    EXPECT_EQ(range.bytes, (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
    EXPECT_EQ(image.entry, 0x101u);
}

TEST(loader, elf_reads_functions_and_objects_from_the_symbol_table) {
    std::string path = temp_path("sym.elf");
    write_elf(path, {{0x0, 0x0, {0, 0, 0, 0}}},
              {{"main", 0x201, STT_FUNC}, {"counter", 0x20000010, STT_OBJECT},
               {"helper", 0x301, STT_FUNC, STB_LOCAL}, {"a_file", 0, STT_FILE}});
    sim::loaded_image image = sim::load_image(path);
    EXPECT_EQ(image.symbols.at("main"), 0x200u);  // Thumb bit cleared
    EXPECT_EQ(image.symbols.at("counter"), 0x20000010u);
    EXPECT_EQ(image.symbols.at("helper"), 0x300u);
    EXPECT_EQ(image.symbols.count("a_file"), 0u);
}

TEST(loader, elf_for_another_machine_is_refused) {
    std::string path = temp_path("x86.elf");
    write_elf(path, {{0x0, 0x0, {0x90}}}, {}, EM_X86_64, ELFCLASS64);
    EXPECT_EQ(error_of(path), path + ": not an ARM ELF: machine X86_64");
}

TEST(loader, elf64_for_arm_is_refused) {
    std::string path = temp_path("arm64class.elf");
    write_elf(path, {{0x0, 0x0, {0x90}}}, {}, EM_ARM, ELFCLASS64);
    EXPECT_EQ(error_of(path), path + ": not a 32-bit ELF (ELFCLASS64)");
}

TEST(loader, elf_detected_by_content_whatever_its_name) {
    std::string path = temp_path("firmware.hex");
    write_elf(path, {{0x1000, 0x1000, {1, 2}}});
    EXPECT_EQ(sim::load_image(path).format, sim::image_format::elf);
}

TEST(loader, intel_hex_loads_data_records_merged) {
    sim::loaded_image image = sim::load_image(data_dir + "/app.hex");
    EXPECT_EQ(image.format, sim::image_format::intel_hex);
    const auto& ranges = image.contents.ranges();
    ASSERT_EQ(ranges.size(), 2u);
    EXPECT_EQ(ranges[0].address, 0x0u);
    ASSERT_EQ(ranges[0].bytes.size(), 32u);  // two contiguous records
    EXPECT_EQ(ranges[0].bytes[31], 31u);
    EXPECT_EQ(ranges[1].address, 0x00FF8000u);  // extended linear address record
    EXPECT_EQ(ranges[1].bytes, (std::vector<std::uint8_t>{0xAA, 0xBB, 0xCC, 0xDD}));
    EXPECT_EQ(image.entry, 0x101u);
    EXPECT_EQ(image.contents.total_bytes(), 36u);
}

TEST(loader, intel_hex_checksum_error_names_file_and_line) {
    std::string path = data_dir + "/bad_checksum.hex";
    try {
        sim::load_image(path);
        FAIL() << "no error";
    } catch (const sim::input_error& e) {
        EXPECT_EQ(e.file(), path);
        EXPECT_EQ(e.line(), 3u);
        EXPECT_NE(e.message().find("checksum"), std::string::npos) << e.what();
    }
}

TEST(loader, intel_hex_syntax_error_is_an_input_error_not_an_exit) {
    std::string path = temp_path("junk.hex");
    std::ofstream(path) << ":020000040000FA\n:0G000000\n";
    try {
        sim::load_image(path);
        FAIL() << "no error";
    } catch (const sim::input_error& e) {
        EXPECT_EQ(e.line(), 2u) << e.what();
    }
}

TEST(loader, binary_loads_at_the_given_address) {
    sim::loaded_image image = sim::load_image(data_dir + "/net.bin", 0x01000000);
    ASSERT_EQ(image.contents.ranges().size(), 1u);
    EXPECT_EQ(image.contents.ranges()[0].address, 0x01000000u);
    EXPECT_EQ(image.contents.ranges()[0].bytes.size(), 16u);
}

TEST(loader, binary_needs_an_address_and_others_refuse_one) {
    EXPECT_NE(error_of(data_dir + "/net.bin").find("needs the address"), std::string::npos);
    EXPECT_NE(error_of(data_dir + "/app.hex", 0x1000).find("only to raw binaries"), std::string::npos);
}

TEST(loader, binary_past_4_gib_is_refused) {
    EXPECT_NE(error_of(data_dir + "/net.bin", 0xFFFFFFF8).find("past 4 GiB"), std::string::npos);
}

TEST(loader, missing_file_and_unknown_format_are_named) {
    std::string missing = data_dir + "/no_such.elf";
    EXPECT_EQ(error_of(missing), missing + ": cannot open: No such file or directory");
    std::string unknown = temp_path("notes.txt");
    std::ofstream(unknown) << "text";
    EXPECT_NE(error_of(unknown).find("unknown image format"), std::string::npos);
    std::string fake_elf = temp_path("fake.elf");
    std::ofstream(fake_elf) << "text";
    EXPECT_NE(error_of(fake_elf).find("not an ELF file"), std::string::npos);
}

TEST(loader, input_files_are_not_modified) {
    std::string path = data_dir + "/app.hex";
    std::ifstream before_stream(path);
    std::string before((std::istreambuf_iterator<char>(before_stream)), {});
    sim::load_image(path);
    std::ifstream after_stream(path);
    std::string after((std::istreambuf_iterator<char>(after_stream)), {});
    EXPECT_EQ(before, after);
}

TEST(memory_ranges, merges_contiguous_and_refuses_overlap) {
    sim::memory_ranges ranges;
    std::uint8_t bytes[4] = {1, 2, 3, 4};
    ranges.add(0x08, bytes, 4, "a");
    ranges.add(0x00, bytes, 4, "b");  // 0x04..0x07 is a gap
    ASSERT_EQ(ranges.ranges().size(), 2u);
    EXPECT_EQ(ranges.ranges()[0].address, 0x00u);  // kept sorted
    ranges.add(0x04, bytes, 4, "c");  // closes the gap: everything merges
    ASSERT_EQ(ranges.ranges().size(), 1u);
    EXPECT_EQ(ranges.ranges()[0].bytes,
              (std::vector<std::uint8_t>{1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}));
    try {
        ranges.add(0x0A, bytes, 4, "e");
        FAIL() << "no error";
    } catch (const sim::input_error& e) {
        EXPECT_EQ(e.file(), "e");
        EXPECT_NE(e.message().find("overlaps"), std::string::npos) << e.what();
    }
}

namespace {

std::vector<char> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::vector<char>& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
}

// An ELF with one segment and a symbol table; the offset of its section
// header table (e_shoff, a 32-bit field at 0x20).
std::string elf_with_symbols(const std::string& name, std::uint32_t& shoff) {
    const std::string path = temp_path(name);
    write_elf(path, {{0x0, 0x0, std::vector<std::uint8_t>(64, 0x5A)}}, {{"main", 0x41, STT_FUNC}});
    const std::vector<char> bytes = read_bytes(path);
    std::memcpy(&shoff, bytes.data() + 0x20, 4);
    return path;
}

}  // namespace

TEST(loader, elf_whose_section_table_lies_past_the_end_is_refused) {
    std::uint32_t shoff = 0;
    const std::string path = elf_with_symbols("shoff_past_end.elf", shoff);
    std::vector<char> bytes = read_bytes(path);
    const std::uint32_t past_end = 0x7FFFFF00;
    std::memcpy(bytes.data() + 0x20, &past_end, 4);
    write_bytes(path, bytes);
    EXPECT_NE(error_of(path).find(path + ": the section header table"), std::string::npos) << error_of(path);
    EXPECT_NE(error_of(path).find("runs past the end of the file"), std::string::npos) << error_of(path);
}

TEST(loader, elf_cut_short_before_its_section_table_is_refused) {
    std::uint32_t shoff = 0;
    const std::string path = elf_with_symbols("cut_short.elf", shoff);
    std::vector<char> bytes = read_bytes(path);
    bytes.resize(shoff);  // the segments are whole, the section headers gone
    write_bytes(path, bytes);
    EXPECT_NE(error_of(path).find("(the file is truncated or corrupt)"), std::string::npos) << error_of(path);
}

TEST(loader, elf_with_a_garbage_section_table_is_refused) {
    std::uint32_t shoff = 0;
    const std::string path = elf_with_symbols("garbage_sections.elf", shoff);
    std::vector<char> bytes = read_bytes(path);
    std::fill(bytes.begin() + shoff + 40, bytes.end(), '\xA7');  // every header after the null one
    write_bytes(path, bytes);
    EXPECT_NE(error_of(path).find("(the file is truncated or corrupt)"), std::string::npos) << error_of(path);
}

TEST(loader, stripped_elf_without_a_section_table_loads) {
    std::uint32_t shoff = 0;
    const std::string path = elf_with_symbols("stripped.elf", shoff);
    std::vector<char> bytes = read_bytes(path);
    std::memset(bytes.data() + 0x20, 0, 4);  // e_shoff
    std::memset(bytes.data() + 0x30, 0, 4);  // e_shnum, e_shstrndx
    bytes.resize(shoff);
    write_bytes(path, bytes);
    const sim::loaded_image image = sim::load_image(path);
    EXPECT_EQ(image.contents.total_bytes(), 64u);
    EXPECT_TRUE(image.symbols.empty());
}

TEST(loader, intel_hex_without_its_end_of_file_record_is_refused_as_truncated) {
    const std::string path = data_dir + "/bad_input/no_eof.hex";
    try {
        sim::load_image(path);
        FAIL() << "a HEX file cut short loaded";
    } catch (const sim::input_error& e) {
        EXPECT_EQ(e.file(), path);
        EXPECT_EQ(e.line(), 3u);
        EXPECT_NE(e.message().find("not the end-of-file record :00000001FF: the file is truncated"),
                  std::string::npos) << e.what();
    }
    const std::string trailing = temp_path("after_eof.hex");
    std::ofstream(trailing) << ":10000000000102030405060708090A0B0C0D0E0F78\n:00000001FF\n:10001000101112131415161718191A1B1C1D1E1F68\n";
    EXPECT_NE(error_of(trailing).find("not the end-of-file record"), std::string::npos) << error_of(trailing);
}

TEST(loader, a_directory_is_not_an_image) {
    EXPECT_EQ(error_of(data_dir + "/bad_input", 0x0), data_dir + "/bad_input: a directory, not a file");
}
