// Text for XML and XHTML (the JUnit file, the HTML report).
#pragma once

#include <string>

namespace sim {

// Escapes markup characters. XML 1.0 cannot carry most control characters
// even as references, and a console may print any byte: keeps printable
// ASCII, tab and newline, and writes every other byte as \xNN.
std::string xml_escape(const std::string& text);

}  // namespace sim
