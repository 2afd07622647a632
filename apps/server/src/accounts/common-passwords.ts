/**
 * Passwords of 10 or more characters that appear near the top of published breach lists (shorter
 * ones are refused for length anyway). Compared case-insensitively. A short list, shipped in the
 * repository; it catches the obvious choices, not every weak password.
 */
export const COMMON_PASSWORDS = new Set(
  `
1234567890 0987654321 1111111111 0000000000 1234512345 1122334455 1212121212 1234567891 12345678910 123456789a
qwertyuiop qwertyuiop1 qwerty1234 qwerty12345 qwerty123456 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4t5 1qaz2wsx3edc zaq12wsxcde
asdfghjkl1 asdfghjkl; zxcvbnm123 zxcvbnmasdf qazwsxedc1 qazwsxedcrfv abcdefghij abcdefg123 abc1234567 abcd123456
password12 password123 password1234 password12345 password!! password1! passw0rd123 p@ssw0rd123 p@ssword123 password01
iloveyou12 iloveyou123 iloveyou1234 letmein123 letmein1234 welcome123 welcome1234 welcome2024 welcome2025 welcome2026
admin12345 administrator admin123456 changeme123 changeme1234 trustno1234 football123 baseball123 basketball
sunshine123 princess123 dragon1234 monkey1234 shadow1234 master1234 superman123 batman12345 starwars123 pokemon123
michael123 jennifer123 charlie123 computer123 internet123 whatever123 freedom123 liverpool1 chelsea123 arsenal123
manchester manutd1234 qwertyui12 aaaaaaaaaa bbbbbbbbbb zzzzzzzzzz 9999999999 5555555555 7777777777 1231231234
nhs1234567 nhspassword nhs12345678 hospital123 doctor1234 nurse12345 summer2024 summer2025 winter2025 spring2026
autumn2026 december2026 november2026 january2026 london1234 england123 unitedkingdom
`
    .split(/\s+/)
    .filter(Boolean)
    .map((password) => password.toLowerCase()),
);
