"""What synthetic listing items are made of, modelled on the real pages.

People come with the forms the archive actually prints them in: the usual
name, spelling variants and typos (`Deng Xioaping`, `Shytkov`, `Mikihail`),
diacritics (`Pham Hùng`), honorifics, a given name alone, and code names
followed by the real name in brackets (`Cuong [Pham Hung]`, `Filippov
[Stalin]`). Titles and summaries follow the shapes of real listing items,
including dates inside titles that are not the item's date.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """A person as the archive prints them: the usual form, variants, code names."""

    name: str
    variants: tuple[str, ...] = ()
    code_names: tuple[str, ...] = ()
    honorific: str | None = None


PEOPLE: tuple[Person, ...] = (
    Person("Le Duan", ("Le Duan", "LE DUAN"), ("Ba",), "Party First Secretary"),
    Person("Pham Hung", ("Pham Hùng",), ("Cuong", "Bay Cuong"), "Comrade"),
    Person("Le Duc Tho", ("LE DUC THO",), ("Sau", "BROTHER THO"), "Brother"),
    Person("Van Tien Dung", ("General Van Tien Dung",), ("Tuan",), "General"),
    Person("Tran Van Tra", (), ("Tu Nguyen",), "General"),
    Person("Hoang Van Thai", (), ("Tam Thanh",), "General"),
    Person("Pham Van Dong", (), (), "Premier"),
    Person("Le Thanh Nghi", (), (), "Comrade"),
    Person("Nguyen Duy Trinh", (), (), "Comrade"),
    Person("Vo Quang Ho", (), (), "Comrade"),
    Person("Trần Quang Cơ", ("Tran Quang Co",), (), None),
    Person("Mao Zedong", ("Zedong", "Chairman Mao [Zedong]", "Mao"), (), "Chairman"),
    Person("Zhou Enlai", ("Zhou", "Chou En-lai"), (), "Premier"),
    Person("Deng Xiaoping", ("Deng Xioaping",), (), "Comrade"),
    Person("Liu Shaoqi", (), (), "Chairman"),
    Person("Kang Sheng", (), (), None),
    Person("Joseph Stalin", ("Stalin", "I. Stalin"), ("Filippov", "Feng Xi"), "Comrade"),
    Person("Terentii Shtykov", ("Shtykov", "Shytkov", "Shtytkov"), (), "Ambassador"),
    Person("Kim Il Sung", ("Kim",), (), "Premier"),
    Person("Nikita Khrushchev", ("Khrushchev", "N. S. Khrushchev"), (), "Comrade"),
    Person("Anastas Mikoyan", ("Mikoyan",), (), "Comrade"),
    Person("Andrei Gromyko", ("Gromyko",), (), "Minister"),
    Person("Mikhail Gorbachev", ("Mikihail Gorbachev", "Gorbachev"), (), "General Secretary"),
    Person("Ivan Kovalev", ("Kovalev",), (), None),
    Person("Fidel Castro", ("F. Castro", "Castro"), (), "Comrade"),
    Person("Todor Zhivkov", ("Zhivkov",), (), "Cde."),
    Person("Imre Nagy", ("Nagy",), (), None),
    Person("János Kádár", ("Kadar",), (), "Comrade"),
    Person("Michel Debré", ("Debré",), (), None),
    Person("Antal Görög", ("Görög",), (), "Ambassador"),
    Person("Dragan Vidaković", ("Vidaković",), (), "Ambassador"),
    Person("Jan Białek", ("Białek",), (), None),
    Person("Mihai Verdeț", ("Verdeț",), (), None),
    Person("Satō Eisaku", ("Sato Eisaku", "Prime Minister Satō"), (), "Prime Minister"),
    Person("Walter Ulbricht", ("Ulbricht",), (), "Comrade"),
)

BODIES = (
    "the Chinese Embassy in Vietnam",
    "the Soviet Embassy in Pyongyang",
    "the Hungarian Embassy in North Korea",
    "the Polish Embassy in Hanoi",
    "the Politboro",
    "the CPSU CC Presidium",
    "the Ministry of Foreign Affairs",
    "COSVN",
    "the Yugoslav Foreign Ministry",
    "the Economic Cooperation Division [Ministry of Foreign Affairs, Japan]",
)

TOPICS = (
    "the Vietnam War",
    "China's first testing of an Atomic Bomb",
    "the Cultural Revolution",
    "the armistice talks",
    "Sino-Soviet relations",
    "the demarcation line at the 38th parallel",
    "economic aid and military assistance",
    "the situation in Hungary",
    "the Cuban Missile Crisis",
    "reunification of the Korean peninsula",
    "Soviet revisionism",
    "the Paris peace negotiations",
    "nuclear non-proliferation",
    "the Geneva Conference",
)

# Title shapes; {a} {b} {c} are people as printed, {body} an institution, {topic} a subject,
# {number} a telegram number, {inline_date} a date printed inside the title.
TITLE_TEMPLATES = (
    "Discussion between {a} and {b}",
    "Discussion between {a}, {b}, and {c}",
    "Minutes of Conversation between {a} and {b}",
    "Memorandum of Conversation between {a} and {b}",
    "Record of Conversation between {a} and {b}",
    "Letter from {a} to {b}",
    "Letter from {a} to {code_a}, {code_b} and {code_c}",
    "Cable from {a} to {code_a}, {code_b}, and {code_c}",
    "Ciphered Telegram No. {number}, {code_a} to {b}",
    "Ciphered Telegram No. {number}, {a} to {b}, for {c}",
    "Telegram from {body} to {b}",
    "Cable from {body}, 'Reactions to {topic}'",
    "Cable, {a} to {b} [via Kovalev]",
    "Conversation from [{a_possessive}] Audience with {b}",
    "Speech Given by {honorific_a} {a} to the {ordinal} Plenum of the Party Central Committee",
    "Comrade {a}’s Comments After Listening to Comrade {b}’s Briefing on the Draft Plan",
    "Note of Comrade {a}, Ambassador, with {honorific_b} {b}",
    "Report, {a} to {b}, TOP SECRET, {inline_date}",
    "Report on the Meeting at 21 Dec., 1974 between {a} and {b}",
    "{body} Sends Letter to {b} on {topic}",
    "Excerpts from {a}'s Speech on {topic} [Excerpts]",
)

SUMMARY_SENTENCES = (
    "{a} and {b} discuss {topic}.",
    "{a} cautions {b} against {topic}",
    "{b} reports to {a} on {topic}, and on the position of {body}.",
    "{a} confronts {b} with instances where he has spoken out against {body}.",
    "{a} shares his views on {topic} with {b} — “a matter of principle”, he says.",
    "A note on a conversation between {a} and {b}. {b} states that {body} does not support {topic}.",
    "{inline_date}. {a} speaks about {topic} …",
    "Telegram from {a} instructing {b} to explain to {body} the reasoning behind the decision on {topic}.",
    "{a} (via {c}) gives {b} his stance on {topic}",
    "The conversation covers {topic}, {topic2}, and the role of {body}.",
    "{b} expresses concern over {topic} and asks {a} for help.",
)

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
ORDINALS = ("3rd", "9th", "11th", "12th", "15th", "21st", "24th")
