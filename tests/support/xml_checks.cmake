# xmllint checks of the reports nrf53sim writes, for the test scripts.
# check_valid_junit needs XSD (tests/support/jenkins-junit.xsd).
function(check_valid_junit file)
  execute_process(COMMAND xmllint --noout --schema ${XSD} ${file}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "the JUnit file ${file} does not validate:\n${out}${err}")
  endif()
endfunction()

# The value of an XPath expression over an XML or XHTML file.
function(xpath file expression out_value)
  execute_process(COMMAND xmllint --xpath "${expression}" ${file}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "xmllint --xpath ${expression} ${file} failed:\n${out}${err}")
  endif()
  set(${out_value} "${out}" PARENT_SCOPE)
endfunction()

function(expect_xpath file expression expected)
  xpath(${file} "${expression}" value)
  if(NOT value STREQUAL "${expected}")
    message(FATAL_ERROR "${file}: ${expression} is \"${value}\", expected \"${expected}\"")
  endif()
endfunction()

# The HTML report is XHTML: it parses as XML.
function(check_well_formed file)
  execute_process(COMMAND xmllint --noout ${file} RESULT_VARIABLE code ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${file} is not well-formed:\n${err}")
  endif()
endfunction()
