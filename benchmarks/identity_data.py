"""Generated signatures for the identity resolution performance test (data, not a test).

Usage: python benchmarks/identity_data.py [--people 100000] [--signatures 1000000]
                                          [--letters N] [--seed 0]

:func:`generate` returns one row per signature -- columns ``letter``, ``name``,
``country``, ``organisation`` and the ground truth ``person`` -- written the way letters
print people: with honorifics and post-nominals, diacritics stripped or transliterated
(``ü`` = ``ue``), hyphens turned into spaces, a letter dropped, doubled or swapped, given
names reduced to initials, given and family names swapped (``SMITH John``), upper case and
stray spaces, a letter lost by a PDF copy (``Dovile akaliene``), quoted nicknames, peerages,
and countries and organisations printed in several forms or left out.

Guarantees, for any seed:

- the same arguments give the same frame (one ``numpy.random.Generator`` drives everything);
- ``person`` takes exactly `n_people` values and every person signs at least once; the
  number of signatures per person is heavy-tailed (lognormal), letter sizes too;
- no person signs one letter twice;
- distinct people have distinct canonical names: two people never share both given and
  family name once case, accents and name order are ignored (middle names do not count),
  so the truth is recoverable in principle. The printed variants may still collide (``J.
  Smith``), as in real letters.

Rows are grouped by letter (letters in increasing order, signers in random order within a
letter). Missing countries and organisations are ``None``.
"""

# ruff: noqa: RUF001, RUF002  (the name lists hold letters that look like ASCII ones)

from __future__ import annotations

import argparse
import functools
import time
import unicodedata

import numpy as np
import pandas as pd

__all__ = ["generate"]

# ---------------------------------------------------------------------------- name pools

GERMANIC_GIVEN = [
    "Jürgen", "Jörg", "Günter", "Hans-Peter", "Klaus", "Dieter", "Sabine", "Ute", "Brigitte",
    "Maximilian", "Lukas", "Anna", "Katharina", "Friederike", "Matthias", "Andreas", "Stefanie",
    "Ursula", "Heike", "Renate", "Bärbel", "Gerd", "Uwe", "Wolfgang", "Karl-Heinz", "Hans-Jörg",
    "Marie-Luise", "Lea", "Jonas", "Felix", "Lena", "Leonie", "Tobias", "Florian", "Ralf",
    "Petra", "Sönke", "Reinhard", "Benedikt", "Thomas", "Zoë", "Karin", "Jürg", "Käthe",
]  # fmt: skip
GERMANIC_FAMILY = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Werner",
    "Schmitz", "Krause", "Lehmann", "Köhler", "Herrmann", "König", "Walter", "Huber", "Kaiser",
    "Fuchs", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich",
    "Keller", "Günther", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Albrecht",
    "Schuster", "Böhm", "Krämer", "Vogt", "Jäger", "Sommer", "Groß", "Seidel", "Brandt", "Haas",
    "Schreiber", "Graf", "Dietrich", "Ziegler", "Kühn", "Pohl", "Engel", "Horn", "Bergmann",
    "Voigt", "Pfeiffer", "Strauß", "Weißmann", "Bütikofer", "Keller-Sutter", "Gruber",
    "Müller-Lüdenscheidt", "Straßer", "Fößel", "Dürr", "Grün", "Löw",
]  # fmt: skip
GERMANIC_ROOTS = [
    "Berg", "Stein", "Hof", "Wald", "Brück", "Kirch", "Lind", "Rosen", "Schwarz", "Weiß",
    "Grün", "Feld", "Bach", "Holz", "Hahn", "Kraus", "Fuchs", "Lang", "Neu", "Alt", "Mai",
    "Sommer", "Winter", "Ober", "Unter", "Groß", "Klein", "Schön", "Roth", "Eich",
]  # fmt: skip
GERMANIC_SUFFIXES = [
    "mann", "er", "hofer", "meier", "berger", "feld", "bach", "ling", "huber", "müller",
    "inger", "hausen",
]  # fmt: skip

NORDIC_GIVEN = [
    "Björn", "Åsa", "Sören", "Søren", "Ingrid", "Sigrid", "Lars", "Anders", "Henrik",
    "Kristina", "Märta", "Göran", "Håkan", "Jörgen", "Magnus", "Sofia", "Elin", "Maja",
    "Linnéa", "Pernilla", "Ulf", "Torbjörn", "Astrid", "Kerstin", "Mette", "Trine", "Jens",
    "Ole", "Freja", "Þórdís", "Sigríður", "Guðrún", "Jón", "Ólafur", "Josefine", "Hanna",
]  # fmt: skip
NORDIC_FAMILY = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Jensen", "Nielsen", "Hansen", "Pedersen",
    "Østergaard", "Søndergaard", "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Ævarsdóttir",
    "Jónsdóttir", "Guðmundsson", "Þorsteinsson", "Lindström", "Söderberg", "Åberg",
]  # fmt: skip
NORDIC_ROOTS = [
    "Lind", "Berg", "Sjö", "Ek", "Ny", "Sand", "Holm", "Dahl", "Fors", "Ström", "Lund", "Nord",
    "Sö", "Ås", "Hög", "Björk", "Gran", "Wall", "Blom", "Rosen", "Lil", "Sten", "Öster",
    "Väster", "Kvarn",
]  # fmt: skip
NORDIC_SUFFIXES = [
    "berg", "gren", "qvist", "ström", "lund", "holm", "dahl", "man", "ell", "gaard", "borg",
    "stedt",
]  # fmt: skip

ROMANCE_GIVEN = [
    "José", "María", "José María", "Miguel Ángel", "Juan Carlos", "Ana Lucía", "Hélène",
    "François", "Jérôme", "Amélie", "Chloé", "Benoît", "Clémentine", "Jean-Luc", "Marie-Claire",
    "Jean-Pierre", "Anne-Sophie", "Giulia", "Paolo", "Giuseppe", "Francesca", "Lucia",
    "Alessandro", "Chiara", "Matteo", "João", "Inês", "Gonçalo", "Sébastien", "Thérèse", "Raúl",
    "Begoña", "Nuria", "Íñigo", "Álvaro", "Andrés", "Sofía", "André", "Pierre", "Elena",
]  # fmt: skip
ROMANCE_FAMILY = [
    "Fernández", "García", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
    "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
    "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos",
    "Ramírez", "Serrano", "Blanco", "Suárez", "Molina", "Castro", "Ortiz", "Rubio", "Marín",
    "Núñez", "Iglesias", "Medina", "Garrido", "Lefèvre", "Dubois", "Durand", "Moreau",
    "Laurent", "Bernard", "Lefebvre", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Mercier", "Blanchard", "Guérin", "Faure", "Gauthier", "Chevalier", "Legrand",
    "Gattolin", "Dumont", "Lemaître", "Bérenger", "Rossi", "Russo", "Ferrari", "Esposito",
    "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti",
    "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "D'Alessandro",
    "D'Angelo", "Dell'Acqua", "Silva", "Santos", "Ferreira", "Pereira", "Oliveira",
    "Gonçalves", "Sousa", "Magalhães", "Marchetti", "Ferri", "Soto",
]  # fmt: skip

ANGLO_GIVEN = [
    "John", "James", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Mary",
    "Patricia", "Jennifer", "Elizabeth", "Linda", "Sarah", "Karen", "Nancy", "Margaret",
    "Helen", "Iain", "Fiona", "Siobhán", "Aoife", "Seán", "Niamh", "Ciarán", "Eoin", "Gráinne",
    "Brenda", "Katherina", "Kevin", "Simon", "Benedict", "Jonathan", "Catherine", "Rachel",
    "Emma", "Oliver", "Harry", "Charlotte", "Sophie",
]  # fmt: skip
ANGLO_FAMILY = [
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "King", "Baker",
    "Harrison", "Morgan", "Allen", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price",
    "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson",
    "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan",
    "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Wilkinson", "Foster",
    "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Hunt", "Hussain", "Campbell",
    "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler",
    "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey",
    "O'Connor", "O'Neill", "O'Brien", "O'Sullivan", "D'Arcy", "McAllister", "McBride",
    "MacDonald", "McDonagh", "Duncan-Smith", "Hart-Davis", "Bowes-Lyon", "Andrews", "Hartwell",
    "Whitfield", "Marlow", "Pryce", "Whitcombe", "Alton", "Okafor", "Okonkwo-Reyes", "Hale",
]  # fmt: skip
NICKNAMES = {
    "William": "Bill", "Robert": "Bob", "Elizabeth": "Liz", "James": "Jim", "Michael": "Mike",
    "Margaret": "Maggie", "Jennifer": "Jen", "Thomas": "Tom", "Catherine": "Kate",
    "David": "Dave", "Benedict": "Ben", "Jonathan": "Jon", "Richard": "Rick",
    "Patricia": "Trish", "Katherina": "Kathy", "Charlotte": "Lottie",
}  # fmt: skip

SLAVIC_GIVEN = [
    "Dovilė", "Žydrūnas", "Radosław", "Łukasz", "Michał", "Katarzyna", "Małgorzata",
    "Agnieszka", "Tomáš", "Jiří", "Petr", "Ivana", "Zuzana", "Lenka", "Jana", "Ondřej",
    "Vojtěch", "Jonas", "Rūta", "Aušra", "Gintarė", "Mindaugas", "Andrius", "Oleksandr",
    "Olena", "Iryna", "Dmytro", "Yevgenia", "Agnė", "Marek", "Piotr", "Paweł", "Krzysztof",
    "Zbigniew", "Wojciech", "Ewa", "Joanna", "Beata", "Mirosław", "Grażyna",
]  # fmt: skip
SLAVIC_FAMILY = [
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
    "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
    "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Pawłowski", "Michalski", "Król",
    "Wieczorek", "Jabłoński", "Wróbel", "Majewski", "Olszewski", "Stępień", "Jaworski",
    "Malinowski", "Novák", "Svoboda", "Novotný", "Dvořák", "Černý", "Procházka", "Kučera",
    "Veselý", "Horák", "Němec", "Pokorný", "Pospíšil", "Hájek", "Jelínek", "Růžička", "Beneš",
    "Fiala", "Sedláček", "Doležal", "Šakalienė", "Kazlauskas", "Jankauskas", "Petrauskas",
    "Stankevičius", "Vasiliauskas", "Žukauskas", "Butkus", "Paulauskas", "Urbonas",
    "Kavaliauskas", "Petraitis", "Kairys", "Šimkus", "Shevchenko", "Kovalenko", "Bondarenko",
    "Tkachenko", "Kravchenko", "Oliynyk", "Koval", "Melnyk", "Boyko", "Tkachuk", "Nowak-Lis",
]  # fmt: skip
SLAVIC_ROOTS = [
    "Wiśniew", "Kowal", "Zieliń", "Lewandow", "Kamiń", "Dąbrow", "Jankow", "Piotrow",
    "Sobieś", "Kozłow", "Czarnec", "Wróblew", "Sikor", "Baran", "Mroz", "Żuraw", "Sadow",
]  # fmt: skip
SLAVIC_SUFFIXES = ["ski", "ska", "icz", "czyk", "ak", "ewicz"]

HUNGARIAN_GIVEN = [
    "Éva", "Gábor", "László", "Zoltán", "István", "Katalin", "Erzsébet", "Ildikó",
    "Zsuzsanna", "Péter", "Tamás", "Attila", "Gergely", "Ágnes", "Krisztina", "Bence",
    "Dániel", "Márton", "Zsófia", "Réka", "Orsolya", "Balázs", "Csaba", "Ferenc", "Judit",
    "Anikó", "Lajos", "Miklós", "Tünde", "Gyöngyi",
]  # fmt: skip
HUNGARIAN_FAMILY = [
    "Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh",
    "Farkas", "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Rácz",
    "Fekete", "Szilágyi", "Török", "Fehér", "Gál", "Szűcs", "Kocsis", "Pintér", "Fodor",
    "Szalai", "Sipos", "Magyar", "Lukács", "Gulyás", "Bíró", "Király", "Katona", "Jakab",
    "Bogdán", "Sándor", "Boros", "Fazekas", "Kelemen", "Antal", "Somogyi", "Vörös", "Szőke",
]  # fmt: skip

JAPANESE_GIVEN = [
    "Hiroshi", "Takashi", "Akira", "Yuki", "Haruka", "Kenji", "Satoshi", "Naoko", "Yōko",
    "Keiko", "Tomoko", "Daisuke", "Kazuo", "Shinji", "Emi", "Mai", "Ryō", "Shō", "Yūsuke",
    "Kenta", "Ayumi", "Misaki", "Takeshi", "Makoto", "Noriko", "Hideki", "Shigeru", "Tarō",
    "Ichirō", "Jun",
]  # fmt: skip
JAPANESE_FAMILY = [
    "Satō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Itō", "Yamamoto", "Nakamura",
    "Kobayashi", "Katō", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue",
    "Kimura", "Hayashi", "Shimizu", "Yamazaki", "Mori", "Abe", "Ikeda", "Hashimoto",
    "Yamashita", "Ishikawa", "Nakajima", "Maeda", "Fujita", "Ogawa", "Gotō", "Okada",
    "Hasegawa", "Murakami", "Kondō", "Ishii", "Saitō", "Sakamoto", "Endō", "Aoki", "Fujii",
    "Nishimura", "Fukuda", "Ōta", "Miura", "Fujiwara", "Okamoto", "Matsuda", "Nakagawa",
    "Nakano",
]  # fmt: skip

KOREAN_FAMILY = [
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
    "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Jeon", "Hong",
]  # fmt: skip
KOREAN_SYLLABLES = [
    "min", "jun", "seo", "ji", "hyun", "woo", "young", "soo", "jin", "eun", "hye", "sung",
    "dong", "jae", "ha", "yeon", "ho", "kyung", "sang", "tae", "hee", "mi", "yu", "na", "won",
]  # fmt: skip

HK_ENGLISH = [
    "Nathan", "Ted", "Glacier", "Carmen", "Kenneth", "Alex", "Joe", "Joshua", "Agnes", "Jimmy",
    "Martin", "Emily", "Claudia", "Eddie", "Gwyneth", "Tiffany", "Wilson", "Raymond", "Albert",
    "Cyd", "Dennis", "Finn", "Brian", "Sunny", "Eric", "Kevin", "Vincent", "Winnie",
    "Fernando", "Jeffrey", "Helena", "Priscilla", "Lester", "Ray", "Ivan", "Kelvin", "Sammy",
    "Anson", "Chris", "Joey",
]  # fmt: skip
HK_FAMILY = [
    "Chan", "Wong", "Lee", "Cheung", "Lau", "Ho", "Leung", "Lam", "Chow", "Tsang", "Ng",
    "Yeung", "Law", "Hui", "Kwong", "Fung", "Tam", "Tang", "Cheng", "Siu", "Mak", "Lo", "Yip",
    "Au", "Chu", "Kwok", "Choi", "Poon", "Tse", "Yuen",
]  # fmt: skip
HK_SYLLABLES = [
    "kwun", "chung", "chi", "fung", "ching", "ka", "man", "wing", "ho", "yong", "kang", "wai",
    "yee", "kit", "ming", "siu", "hang", "tung", "yan", "kin", "lok", "hei", "tsz", "yiu",
    "shing", "kwok", "hon", "sze", "chun", "pui", "lai", "wah", "keung", "hing", "yat", "fai",
    "kei", "yuen", "tak", "sum",
]  # fmt: skip

CHINESE_FAMILY = [
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song",
    "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan",
    "Cai", "Jiang", "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lü", "Ding", "Ren", "Shen", "Yao",
    "Teng",
]  # fmt: skip
CHINESE_SYLLABLES = [
    "feng", "suo", "dan", "wei", "ming", "hua", "jun", "jie", "li", "yu", "ting", "hong",
    "xiao", "bo", "yan", "zhi", "qiang", "lei", "tao", "hui", "ying", "fang", "na", "jing",
    "xin", "yi", "chen", "hao", "yun", "biao", "zi", "jian", "guo", "ping", "lan", "mei", "fei",
    "fan", "yong", "kai",
]  # fmt: skip

TURKIC_GIVEN = [
    "Dolkun", "Rushan", "Gulchehra", "Mehmet", "Nury", "Ömer", "Abduweli", "Rahima", "Jewher",
    "Ilham", "Adil", "Zumret", "Mihrigul", "Tursunay", "Gulbahar", "Sayragul", "Abdulhakim",
    "Erkin", "Kamil", "Arslan", "Ayşe", "Çağlar", "Emine", "Mustafa", "Ahmet", "Zeynep",
    "Elif", "Burak", "Murat", "Serkan", "Nurgül", "Dilnur", "Alim", "Kuzzat", "Salih",
    "Ablikim", "Bahram", "Medine", "Qelbinur", "Şeyma",
]  # fmt: skip
TURKIC_FAMILY = [
    "Isa", "Abbas", "Hoja", "Tohti", "Turkel", "Kanat", "Ayup", "Mahmut", "Niyaz", "Ismail",
    "Yasin", "Kadeer", "Abdurehim", "Sidiq", "Hudayar", "Altay", "Tursun", "Emet", "Osman",
    "Rozi", "Öztürk", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım",
    "Aydın", "Özdemir", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
    "Şimşek", "Güneş",
]  # fmt: skip

#: Printed forms of each country: full name, another name or abbreviation, short code.
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "United Kingdom": ("United Kingdom", "UK", "U.K."),
    "United States": ("United States", "USA", "U.S."),
    "Germany": ("Germany", "Deutschland", "DE"),
    "Austria": ("Austria", "Österreich", "AT"),
    "Switzerland": ("Switzerland", "Schweiz", "CH"),
    "Sweden": ("Sweden", "Sverige", "SE"),
    "Norway": ("Norway", "Norge", "NO"),
    "Denmark": ("Denmark", "Danmark", "DK"),
    "Finland": ("Finland", "Suomi", "FI"),
    "Iceland": ("Iceland", "Ísland", "IS"),
    "France": ("France", "FRANCE", "FR"),
    "Italy": ("Italy", "Italia", "IT"),
    "Spain": ("Spain", "España", "ES"),
    "Portugal": ("Portugal", "PORTUGAL", "PT"),
    "Belgium": ("Belgium", "Belgique", "BE"),
    "Mexico": ("Mexico", "México", "MX"),
    "Chile": ("Chile", "CHILE", "CL"),
    "Ireland": ("Ireland", "Éire", "IE"),
    "Canada": ("Canada", "CANADA", "CA"),
    "Australia": ("Australia", "AUSTRALIA", "AU"),
    "New Zealand": ("New Zealand", "NZ", "Aotearoa New Zealand"),
    "Poland": ("Poland", "Polska", "PL"),
    "Czech Republic": ("Czech Republic", "Czechia", "CZ"),
    "Lithuania": ("Lithuania", "Lietuva", "LT"),
    "Ukraine": ("Ukraine", "UKRAINE", "UA"),
    "Slovakia": ("Slovakia", "Slovensko", "SK"),
    "Hungary": ("Hungary", "Magyarország", "HU"),
    "Japan": ("Japan", "JAPAN", "JP"),
    "South Korea": ("South Korea", "Republic of Korea", "KR"),
    "Hong Kong": ("Hong Kong", "Hong Kong SAR", "HK"),
    "Taiwan": ("Taiwan", "Taiwan (ROC)", "TW"),
    "China": ("China", "PRC", "CN"),
    "Turkey": ("Turkey", "Türkiye", "TR"),
    "Netherlands": ("Netherlands", "The Netherlands", "NL"),
    "Kazakhstan": ("Kazakhstan", "Qazaqstan", "KZ"),
}
COUNTRY_NAMES = list(COUNTRIES)
EU = {
    "Germany", "Austria", "Sweden", "Denmark", "Finland", "France", "Italy", "Spain",
    "Portugal", "Belgium", "Ireland", "Poland", "Czech Republic", "Lithuania", "Slovakia",
    "Hungary", "Netherlands",
}  # fmt: skip
#: Each country's parliament: printed name and another form.
PARLIAMENTS: dict[str, tuple[str, str]] = {
    "United Kingdom": ("House of Commons", "UK Parliament"),
    "United States": ("U.S. House of Representatives", "US Congress"),
    "Germany": ("Bundestag", "Deutscher Bundestag"),
    "Austria": ("Nationalrat", "Austrian Parliament"),
    "Switzerland": ("Nationalrat", "Swiss Parliament"),
    "Sweden": ("Riksdag", "Sveriges riksdag"),
    "Norway": ("Storting", "Stortinget"),
    "Denmark": ("Folketing", "Folketinget"),
    "Finland": ("Eduskunta", "Parliament of Finland"),
    "Iceland": ("Althingi", "Alþingi"),
    "France": ("Assemblée nationale", "Assemblee nationale"),
    "Italy": ("Camera dei Deputati", "Italian Chamber of Deputies"),
    "Spain": ("Congreso de los Diputados", "Spanish Congress"),
    "Portugal": ("Assembleia da República", "Portuguese Parliament"),
    "Belgium": ("Chambre des représentants", "Belgian Federal Parliament"),
    "Mexico": ("Cámara de Diputados", "Camara de Diputados"),
    "Chile": ("Cámara de Diputados de Chile", "Chilean Chamber of Deputies"),
    "Ireland": ("Dáil Éireann", "Dail Eireann"),
    "Canada": ("House of Commons of Canada", "Parliament of Canada"),
    "Australia": ("Parliament of Australia", "House of Representatives"),
    "New Zealand": ("New Zealand Parliament", "NZ Parliament"),
    "Poland": ("Sejm", "Sejm RP"),
    "Czech Republic": ("Poslanecká sněmovna", "Chamber of Deputies of the Czech Republic"),
    "Lithuania": ("Seimas", "Seimas of the Republic of Lithuania"),
    "Ukraine": ("Verkhovna Rada", "Verkhovna Rada of Ukraine"),
    "Slovakia": ("Národná rada", "National Council of the Slovak Republic"),
    "Hungary": ("Országgyűlés", "Hungarian National Assembly"),
    "Japan": ("House of Councillors", "National Diet"),
    "South Korea": ("National Assembly", "National Assembly of Korea"),
    "Hong Kong": ("Legislative Council", "LegCo"),
    "Taiwan": ("Legislative Yuan", "Legislative Yuan (Taiwan)"),
    "China": ("Humanitarian China", "Humanitarian China Inc."),
    "Turkey": ("Grand National Assembly", "TBMM"),
    "Netherlands": ("Tweede Kamer", "Tweede Kamer der Staten-Generaal"),
    "Kazakhstan": ("Mazhilis", "Mazhilis of Kazakhstan"),
}
#: Non-governmental organisations and universities: printed name and another form.
ORGANISATIONS: list[tuple[str, str]] = [
    ("World Uyghur Congress", "WUC"),
    ("Amnesty International", "Amnesty International (AI)"),
    ("Human Rights Watch", "HRW"),
    ("Hong Kong Watch", "Hong Kong Watch (UK)"),
    ("Inter-Parliamentary Alliance on China", "IPAC"),
    ("Uyghur Human Rights Project", "UHRP"),
    ("Campaign for Uyghurs", "Campaign For Uyghurs (CFU)"),
    ("International Campaign for Tibet", "ICT"),
    ("Students for a Free Tibet", "Students For A Free Tibet"),
    ("Freedom House", "Freedom House Inc."),
    ("Hong Kong Democracy Council", "HKDC"),
    ("Safeguard Defenders", "Safeguard Defenders (SD)"),
    ("Society for Threatened Peoples", "STP"),
    ("Reporters Without Borders", "RSF"),
    ("PEN International", "PEN Int."),
    ("Front Line Defenders", "Frontline Defenders"),
    ("Tibet Justice Center", "Tibet Justice Centre"),
    ("Human Rights Foundation", "HRF"),
    ("Norwegian Uyghur Committee", "The Norwegian Uyghur Committee"),
    ("Tibet Initiative Deutschland e.V.", "Tibet Initiative Deutschland"),
    ("University of Oxford", "Oxford University"),
    ("Harvard University", "Harvard"),
    ("Universität Heidelberg", "Heidelberg University"),
    ("Sorbonne Université", "Sorbonne"),
    ("University of Toronto", "U of T"),
    ("Uppsala University", "Uppsala universitet"),
    ("Università di Bologna", "University of Bologna"),
    ("University of Warsaw", "Uniwersytet Warszawski"),
    ("University of Melbourne", "UniMelb"),
    ("Academia Sinica", "Academia Sinica (Taiwan)"),
    ("Waseda University", "Waseda"),
    ("Seoul National University", "SNU"),
    ("Charles University", "Univerzita Karlova"),
    ("Radio Free Asia", "RFA"),
    ("Humanitarian China", "Humanitarian China Inc."),
    ("Dialogue China", "Dialogue China e.V."),
]
PLACES = [
    "Liverpool", "Bolton", "Harrow", "Stowe", "Kelso", "Ely", "Richmond", "Bath", "Hexham",
    "Ludlow", "Penrith", "Truro", "Berriew", "Ashford",
]  # fmt: skip

#: (name, share of people, name order, given pool, family pool, countries)
CULTURES: list[tuple[str, float, str, list[str], list[str], list[str]]] = [
    (
        "germanic", 0.14, "given",
        GERMANIC_GIVEN,
        GERMANIC_FAMILY + [r + s.lower() for r in GERMANIC_ROOTS for s in GERMANIC_SUFFIXES],
        ["Germany", "Germany", "Germany", "Austria", "Switzerland"],
    ),
    (
        "nordic", 0.07, "given",
        NORDIC_GIVEN,
        NORDIC_FAMILY + [r + s for r in NORDIC_ROOTS for s in NORDIC_SUFFIXES],
        ["Sweden", "Norway", "Denmark", "Finland", "Iceland"],
    ),
    (
        "romance", 0.13, "given",
        ROMANCE_GIVEN, ROMANCE_FAMILY,
        ["France", "Italy", "Spain", "Portugal", "Belgium", "Mexico", "Chile"],
    ),
    (
        "anglo", 0.14, "given",
        ANGLO_GIVEN, ANGLO_FAMILY,
        ["United Kingdom", "United Kingdom", "Ireland", "United States", "United States",
         "Canada", "Australia", "New Zealand"],
    ),
    (
        "slavic", 0.10, "given",
        SLAVIC_GIVEN,
        SLAVIC_FAMILY + [r + s for r in SLAVIC_ROOTS for s in SLAVIC_SUFFIXES],
        ["Poland", "Czech Republic", "Lithuania", "Ukraine", "Slovakia"],
    ),
    ("hungarian", 0.03, "given", HUNGARIAN_GIVEN, HUNGARIAN_FAMILY, ["Hungary"]),
    ("japanese", 0.04, "given", JAPANESE_GIVEN, JAPANESE_FAMILY, ["Japan"]),
    ("korean", 0.04, "family", [], KOREAN_FAMILY, ["South Korea", "South Korea", "United States"]),
    (
        "hongkong", 0.12, "hk", HK_ENGLISH, HK_FAMILY,
        ["Hong Kong", "Hong Kong", "Hong Kong", "United Kingdom", "Canada", "Australia",
         "Taiwan"],
    ),
    (
        "chinese", 0.12, "family", [], CHINESE_FAMILY,
        ["China", "United States", "Germany", "Australia", "Taiwan", "Netherlands"],
    ),
    (
        "turkic", 0.07, "given",
        TURKIC_GIVEN, TURKIC_FAMILY + TURKIC_GIVEN,
        ["Germany", "Turkey", "United States", "Netherlands", "Kazakhstan", "Canada"],
    ),
]  # fmt: skip

#: Forms a person's name is printed in; each signature picks one with these weights.
FORMS: tuple[tuple[str, float], ...] = (
    ("canonical", 0.40),
    ("honorific", 0.10),
    ("honorific2", 0.05),
    ("ascii", 0.08),
    ("transliterated", 0.03),
    ("hyphen", 0.05),
    ("typo", 0.04),
    ("order", 0.05),
    ("initials", 0.05),
    ("case", 0.04),
    ("extra", 0.06),
    ("pdf", 0.05),
)

_FOLD = str.maketrans(
    {
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th",
        "ı": "i", "’": "'",
    }
)  # fmt: skip
_GERMAN = str.maketrans(
    {
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
        "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=65_536)
def _strip_word(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _strip_accents(text: str) -> str:
    """Remove diacritics and fold the letters NFKD keeps (ł, ø, ß, æ, þ, đ, ı)."""
    return " ".join(_strip_word(word) for word in text.split(" "))


def _transliterate(text: str) -> str:
    return _strip_accents(text.translate(_GERMAN))


def _folded_key(text: str) -> str:
    """Identity key of a canonical name: accents, case and token order ignored."""
    tokens = _strip_accents(text).casefold().replace("-", " ").replace("'", "").split()
    return " ".join(sorted(tokens))


# ---------------------------------------------------------------------------- people


def _syllable_names(
    rng: np.random.Generator, syllables: list[str], n: int, joiner: np.ndarray
) -> list[str]:
    """Two-syllable given names: "Kwun-chung" (joiner "-") or "Fengsuo" (joiner "")."""
    first = rng.integers(0, len(syllables), n)
    second = rng.integers(0, len(syllables), n)
    return [
        syllables[a].capitalize() + j + syllables[b]
        for a, b, j in zip(first.tolist(), second.tolist(), joiner.tolist(), strict=True)
    ]


def _draw_people(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Draw `n` candidate people (duplicates possible): name parts, order, country."""
    shares = np.array([c[1] for c in CULTURES])
    culture = rng.choice(len(CULTURES), size=n, p=shares / shares.sum())
    frames = []
    for ci, (cname, _, order, given_pool, family_pool, countries) in enumerate(CULTURES):
        idx = np.flatnonzero(culture == ci)
        m = len(idx)
        if m == 0:
            continue
        family = np.asarray(family_pool, dtype=object)[rng.integers(0, len(family_pool), m)]
        english = np.full(m, "", dtype=object)
        middle = np.full(m, "", dtype=object)
        if cname == "hongkong":
            given = np.asarray(_syllable_names(rng, HK_SYLLABLES, m, np.full(m, "-")), object)
            has_english = rng.random(m) < 0.85
            english[has_english] = np.asarray(HK_ENGLISH, dtype=object)[
                rng.integers(0, len(HK_ENGLISH), int(has_english.sum()))
            ]
        elif cname == "korean":
            given = np.asarray(_syllable_names(rng, KOREAN_SYLLABLES, m, np.full(m, "-")), object)
        elif cname == "chinese":
            joiner = np.where(rng.random(m) < 0.3, "-", "")
            two = np.asarray(_syllable_names(rng, CHINESE_SYLLABLES, m, joiner), dtype=object)
            one = np.asarray([s.capitalize() for s in CHINESE_SYLLABLES], dtype=object)[
                rng.integers(0, len(CHINESE_SYLLABLES), m)
            ]
            given = np.where(rng.random(m) < 0.3, one, two)
        else:
            pool = np.asarray(given_pool, dtype=object)
            given = pool[rng.integers(0, len(pool), m)]
            if cname in ("germanic", "nordic", "romance", "anglo", "slavic"):
                simple = np.asarray([g for g in given_pool if g.isalpha()], dtype=object)
                with_middle = rng.random(m) < 0.15
                middle[with_middle] = simple[rng.integers(0, len(simple), int(with_middle.sum()))]
                middle[middle == given] = ""
            if cname == "romance":  # Spanish double surnames
                double = rng.random(m) < 0.12
                second = np.asarray(ROMANCE_FAMILY, dtype=object)[
                    rng.integers(0, len(ROMANCE_FAMILY), int(double.sum()))
                ]
                family[double] = family[double] + np.where(rng.random(len(second)) < 0.3, "-", " ")
                family[double] = family[double] + second
        country = np.asarray(countries, dtype=object)[rng.integers(0, len(countries), m)]
        if cname == "chinese":  # Taiwanese names are hyphenated
            country = np.where(np.char.find(given.astype(str), "-") >= 0, "Taiwan", country)
        frames.append(
            pd.DataFrame(
                {
                    "row": idx,
                    "culture": cname,
                    "order": order,
                    "english": english,
                    "given": given,
                    "middle": middle,
                    "family": family,
                    "country": country,
                }
            )
        )
    people = pd.concat(frames, ignore_index=True).sort_values("row", kind="stable")
    return people.drop(columns="row").reset_index(drop=True)


def _canonical(p: pd.DataFrame) -> list[str]:
    out = []
    for order, e, g, m, f in zip(
        *(p[c].tolist() for c in ("order", "english", "given", "middle", "family")), strict=True
    ):
        if order == "hk":
            out.append(f"{e} {f} {g}" if e else f"{f} {g}")
        elif order == "family":
            out.append(f"{f} {g}")
        else:
            out.append(f"{g} {m} {f}" if m else f"{g} {f}")
    return out


def _unique_people(rng: np.random.Generator, n_people: int) -> pd.DataFrame:
    """Draw people until `n_people` have pairwise distinct given+family names."""
    chunks: list[pd.DataFrame] = []
    seen: set[str] = set()
    have = 0
    for _ in range(50):
        need = n_people - have
        if need <= 0:
            break
        batch = _draw_people(rng, int(need * 1.3) + 16)
        core = batch["given"].where(batch["order"] != "hk", batch["given"] + " " + batch["english"])
        keys = [
            _folded_key(f"{g} {f}")
            for g, f in zip(core.tolist(), batch["family"].tolist(), strict=True)
        ]
        keep = np.zeros(len(batch), dtype=bool)
        for i, key in enumerate(keys):
            if key not in seen:
                seen.add(key)
                keep[i] = True
        kept = batch[keep].iloc[:need]
        chunks.append(kept)
        have += len(kept)
    if have < n_people:
        raise ValueError(f"cannot draw {n_people} people with distinct names; use fewer")
    return pd.concat(chunks, ignore_index=True)


# ---------------------------------------------------------------------------- printed forms


def _honorific_options(country: str, role: str) -> list[tuple[str, str]]:
    if role == "mp":
        if country in ("United Kingdom", "Ireland", "Canada", "Australia", "New Zealand"):
            return [("Rt Hon", "MP"), ("Hon", "MP"), ("", "MP"), ("The Hon.", "")]
        return {
            "Germany": [("", "MdB"), ("Dr.", "MdB"), ("", "MP")],
            "Austria": [("Abg.", ""), ("Mag.", ""), ("", "MP")],
            "France": [("Député", ""), ("", "MP")],
            "Italy": [("On.", ""), ("Hon.", "")],
            "United States": [("Rep.", ""), ("Congressman", ""), ("Hon.", "")],
        }.get(country, [("", "MP"), ("Hon.", "MP"), ("", "")])
    return {
        "mep": [("", "MEP"), ("", "MEP"), ("Dr.", "MEP")],
        "senator": [("Senator", ""), ("Sen.", ""), ("Senator the Hon.", "")],
        "dr": [("Dr", ""), ("Dr.", ""), ("", "PhD")],
        "prof": [("Prof.", ""), ("Professor", ""), ("Prof. Dr.", "")],
        "knight": [("Sir", ""), ("Rt Hon Sir", "MP"), ("Sir", "KBE")],
        "dame": [("Dame", ""), ("Dame", "DBE"), ("Rt Hon Dame", "MP")],
        "title": [("Ms", ""), ("Mr", ""), ("Mme", "")],
        "obe": [("", "OBE"), ("", "MBE"), ("", "CBE")],
    }.get(role, [("", "")])


def _with(prefix: str, name: str, suffix: str) -> str:
    return " ".join(part for part in (prefix, name, suffix) if part)


def _typo(rng_values: tuple[float, float], word: str) -> str:
    """Drop, double or swap one inner letter of `word`."""
    if len(word) < 4:
        return word + word[-1]
    pos = 1 + int(rng_values[0] * (len(word) - 2))
    op = rng_values[1]
    if op < 0.5:
        return word[:pos] + word[pos + 1 :]
    if op < 0.75:
        return word[:pos] + word[pos] + word[pos:]
    return word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]


def _initial(word: str) -> str:
    return " ".join(part[0] + "." for part in word.replace("-", " ").split())


def _forms(rng: np.random.Generator, p: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Every person's printed forms, an object array (n_people, len(FORMS)), and role."""
    n = len(p)
    canonical = _canonical(p)
    roles = np.array(
        ["", "mp", "mep", "senator", "dr", "prof", "peer", "knight", "dame", "title", "obe"]
    )
    role_p = np.array([0.45, 0.13, 0.06, 0.05, 0.12, 0.07, 0.01, 0.01, 0.01, 0.05, 0.04])
    role = roles[rng.choice(len(roles), size=n, p=role_p)]
    uk = (p["country"] == "United Kingdom").to_numpy()
    role[(np.isin(role, ["peer", "knight", "dame"])) & ~uk] = "dr"
    role[(role == "mep") & ~p["country"].isin(EU).to_numpy()] = "mp"
    pick = rng.integers(0, 3, (n, 2))
    place = rng.integers(0, len(PLACES), n)
    uniform = rng.random((n, 4))
    cols: dict[str, list[str]] = {name: [] for name, _ in FORMS}
    rows = zip(
        canonical,
        *(p[c].tolist() for c in ("order", "english", "given", "middle", "family", "country")),
        role.tolist(),
        pick.tolist(),
        place.tolist(),
        uniform.tolist(),
        strict=True,
    )
    for name, order, e, g, m, f, country, r, (k1, k2), pl, u in rows:
        given_first = order == "given"
        if r == "peer":
            lord = "Baroness" if u[3] < 0.4 else "Lord"
            first_name = e or g
            cols["honorific"].append(f"{lord} ({first_name}) {f}")
            cols["honorific2"].append(f"{lord} {f} of {PLACES[pl]}")
        else:
            options = _honorific_options(country, r)
            pre, post = options[k1 % len(options)]
            cols["honorific"].append(_with(pre, name, post))
            pre, post = options[k2 % len(options)]
            cols["honorific2"].append(_with(pre, name, post))
        cols["ascii"].append(_strip_accents(name))
        cols["transliterated"].append(_transliterate(name))
        # hyphen and space: "Keller-Sutter" / "Keller Sutter"; HK names without the
        # Chinese given name; Korean and Chinese given names joined
        if order == "hk":
            cols["hyphen"].append(f"{e} {f}" if e else f"{f} {g.replace('-', ' ')}")
        elif "-" in name:
            cols["hyphen"].append(name.replace("-", " " if u[3] < 0.7 else ""))
        elif "'" in name:
            cols["hyphen"].append(name.replace("'", "’" if u[3] < 0.6 else ""))
        else:
            cols["hyphen"].append(name)
        target = f if len(f) >= 4 or len(g) < 4 else g
        cols["typo"].append(name.replace(target, _typo((u[0], u[1]), target), 1))
        # given and family name order swapped, the family name often in capitals
        family = f.upper() if u[2] < 0.5 else f
        if order == "hk":
            cols["order"].append(f"{e} {f.upper()} {g}" if e else f"{f.upper()} {g}")
        elif given_first:
            cols["order"].append(f"{family} {g} {m}".rstrip() if m else f"{family} {g}")
        else:
            cols["order"].append(f"{g} {f}")
        if order == "hk":
            cols["initials"].append(f"{e[0]}. {f}" if e else name)
        elif given_first:
            cols["initials"].append(" ".join(filter(None, (_initial(g), _initial(m), f))))
        else:
            cols["initials"].append(f"{f.upper()} {g}")
        cols["case"].append(name.upper() if u[2] < 0.5 else name.replace(" ", "  ") + " ")
        # extra: a quoted nickname, the middle name left out, HK syllables spaced, or the
        # canonical name with decomposed accents (as some PDF viewers copy it)
        nick = NICKNAMES.get(g)
        if nick and given_first:
            quote = "'{}'" if u[3] < 0.6 else "“{}”"
            cols["extra"].append(f"{g} {quote.format(nick)} {f}")
        elif m:
            cols["extra"].append(f"{g} {f}")
        elif order == "hk":
            spaced = g.replace("-", " ").title()
            cols["extra"].append(f"{e} {f} {spaced}" if e else f"{f} {spaced}")
        else:
            cols["extra"].append(unicodedata.normalize("NFD", name))
        # a PDF copy loses its first non-ASCII letter and the accents of the others
        lost = next((i for i, ch in enumerate(name) if ord(ch) > 127), -1)
        if lost >= 0:
            cols["pdf"].append(_strip_accents(name[:lost] + name[lost + 1 :]))
        else:
            cols["pdf"].append(name.replace(" ", "\u00a0", 1))
        cols["canonical"].append(name)
    table = np.empty((n, len(FORMS)), dtype=object)
    for j, (form, _) in enumerate(FORMS):
        table[:, j] = cols[form]
    return table, role


def _organisations(rng: np.random.Generator, p: pd.DataFrame, role: np.ndarray) -> np.ndarray:
    """Each person's organisation: an index into the organisation table (-1: none).

    Members of parliament, senators and peers sit in their country's parliament, MEPs in
    the European Parliament; 30% of the others print no organisation.
    """
    n = len(p)
    parliament_index = {c: len(ORGANISATIONS) + i for i, c in enumerate(PARLIAMENTS)}
    parliament = np.array([parliament_index[c] for c in p["country"].tolist()], dtype=np.int64)
    org = rng.integers(0, len(ORGANISATIONS), n)
    org[rng.random(n) < 0.3] = -1
    org = np.where(np.isin(role, ["mp", "senator", "peer"]), parliament, org)
    return np.where(role == "mep", len(ORGANISATIONS) + len(PARLIAMENTS), org)


# ---------------------------------------------------------------------------- signatures


def _signature_counts(rng: np.random.Generator, n_people: int, n_sig: int, cap: int) -> np.ndarray:
    weight = rng.lognormal(0.0, 1.2, n_people)
    counts = 1 + rng.multinomial(n_sig - n_people, weight / weight.sum())
    for _ in range(100):
        excess = int(np.maximum(counts - cap, 0).sum())
        if excess == 0:
            break
        counts = np.minimum(counts, cap)
        room = np.flatnonzero(counts < cap)
        np.add.at(counts, rng.choice(room, excess), 1)
    return counts


def _assign_letters(
    rng: np.random.Generator, person: np.ndarray, n_letters: int, counts: np.ndarray
) -> np.ndarray:
    """A letter for every signature such that no person signs one letter twice."""
    size_weight = rng.lognormal(0.0, 1.0, n_letters)
    p = size_weight / size_weight.sum()
    letter = rng.choice(n_letters, size=len(person), p=p)
    for attempt in range(60):
        key = person * n_letters + letter
        order = np.argsort(key, kind="stable")
        dup = order[1:][key[order][1:] == key[order][:-1]]
        if len(dup) == 0:
            return letter
        # resample only the repeats; later rounds ignore the letter sizes to converge
        letter[dup] = rng.choice(n_letters, size=len(dup), p=p if attempt < 20 else None)
    # a person signing most letters: give the repeats letters they have not signed yet
    key = person * n_letters + letter
    order = np.argsort(key, kind="stable")
    dup = order[1:][key[order][1:] == key[order][:-1]]
    for who in np.unique(person[dup]):
        rows = np.flatnonzero(person == who)
        free = np.setdiff1d(np.arange(n_letters), letter[rows])
        _, first = np.unique(letter[rows], return_index=True)
        repeat = np.setdiff1d(np.arange(len(rows)), first)
        letter[rows[repeat]] = rng.choice(free, size=len(repeat), replace=False)
    return letter


def generate(
    n_people: int = 100_000,
    n_signatures: int = 1_000_000,
    n_letters: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Generate `n_signatures` signatures of `n_people` people on `n_letters` letters.

    Parameters
    ----------
    n_people : int
        Distinct people (each signs at least once).
    n_signatures : int
        Rows; at least `n_people`.
    n_letters : int, optional
        Letters; default ``max(n_signatures // 50, 30)`` (a mean of 50 signatures a letter).
    seed : int
        Seed of the random generator: the same arguments give the same frame.

    Returns
    -------
    pandas.DataFrame
        Columns ``letter`` (str, ``"L000001"``), ``name`` (as printed), ``country`` and
        ``organisation`` (as printed, None when not printed) and ``person`` (int64 ground
        truth, 0 .. n_people - 1), grouped by letter.
    """
    if n_people < 1:
        raise ValueError(f"n_people must be at least 1, got {n_people}")
    if n_signatures < n_people:
        raise ValueError(f"n_signatures ({n_signatures}) must be at least n_people ({n_people})")
    if n_letters is None:
        n_letters = max(n_signatures // 50, 30)
    if n_letters < 1:
        raise ValueError(f"n_letters must be at least 1, got {n_letters}")
    if n_signatures > n_people * n_letters:
        raise ValueError(
            f"{n_signatures} signatures do not fit {n_people} people on {n_letters} letters "
            "without someone signing a letter twice"
        )
    rng = np.random.default_rng(seed)
    people = _unique_people(rng, n_people)
    forms, role = _forms(rng, people)
    org = _organisations(rng, people, role)

    counts = _signature_counts(rng, n_people, n_signatures, cap=max(1, min(n_letters, 5_000)))
    person = np.repeat(np.arange(n_people, dtype=np.int64), counts)
    letter = _assign_letters(rng, person, n_letters, counts)
    perm = rng.permutation(n_signatures)
    order = perm[np.argsort(letter[perm], kind="stable")]
    person = person[order]
    letter = letter[order]

    weights = np.array([w for _, w in FORMS])
    form = rng.choice(len(FORMS), size=n_signatures, p=weights / weights.sum())
    name = forms[person, form]

    country_table = np.array(
        [[*COUNTRIES[c], None] for c in COUNTRY_NAMES], dtype=object
    )  # full, other, code, missing
    country_code = {c: i for i, c in enumerate(COUNTRY_NAMES)}
    person_country = np.array([country_code[c] for c in people["country"]], dtype=np.int64)
    country_form = rng.choice(4, size=n_signatures, p=[0.55, 0.15, 0.05, 0.25])
    country = country_table[person_country[person], country_form]

    org_table = np.array(
        [
            *([full, other, None] for full, other in ORGANISATIONS),
            *([full, other, None] for full, other in PARLIAMENTS.values()),
            ["European Parliament", "EP", None],
            [None, None, None],
        ],
        dtype=object,
    )
    org_index = np.where(org < 0, len(org_table) - 1, org)
    org_form = rng.choice(3, size=n_signatures, p=[0.5, 0.15, 0.35])
    organisation = org_table[org_index[person], org_form]

    labels = np.array([f"L{i + 1:06d}" for i in range(n_letters)], dtype=object)
    return pd.DataFrame(
        {
            "letter": labels[letter],
            "name": name,
            "country": country,
            "organisation": organisation,
            "person": person,
        }
    )


def _summary(df: pd.DataFrame, seconds: float) -> None:
    per_person = df.groupby("person", sort=False).size()
    per_letter = df.groupby("letter", sort=False).size()
    names = df.groupby("person", sort=False)["name"].nunique()
    pairs = int((per_person * (per_person - 1) // 2).sum())
    print(f"generated in {seconds:.2f} s")
    print(f"rows {len(df):,}  people {df['person'].nunique():,}  letters {len(per_letter):,}")
    print(
        "signatures per person: "
        f"mean {per_person.mean():.1f}  median {per_person.median():.0f}  max {per_person.max()}"
    )
    print(
        "signatures per letter: "
        f"mean {per_letter.mean():.1f}  median {per_letter.median():.0f}  "
        f"min {per_letter.min()}  max {per_letter.max()}"
    )
    print(f"distinct printed names per person: mean {names.mean():.2f}  max {names.max()}")
    print(f"distinct printed names: {df['name'].nunique():,}")
    print(f"same-person pairs: {pairs:,}")
    print(
        f"country missing {df['country'].isna().mean():.1%}  "
        f"organisation missing {df['organisation'].isna().mean():.1%}"
    )
    repeats = df.duplicated(["person", "letter"]).sum()
    print(f"person signing one letter twice: {repeats}")
    busiest = per_person.idxmax()
    sample = df.loc[df["person"] == per_person.index[len(per_person) // 2]]
    print(f"\nthe printed forms of person {sample['person'].iat[0]}:")
    print(sample.drop_duplicates("name").head(12).to_string(index=False))
    print(f"\n(person {busiest} signs most: {per_person.max()} letters)")
    print("\nfirst rows:")
    print(df.head(15).to_string(index=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--letters", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    df = generate(args.people, args.signatures, args.letters, args.seed)
    _summary(df, time.perf_counter() - start)


if __name__ == "__main__":
    main()
