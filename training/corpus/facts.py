"""Group-specific neutral facts ({F}), written as clauses that read alone or after "que".

They name the group and its places, dates and people with no stance at all, so a model sees the
group's own vocabulary (sinagoga, terreiro, sotaque, favela) outside hate.
"""

from __future__ import annotations

from training.corpus.stereotypes import lines

FACTS: dict[str, list[str]] = {
    "women": lines("""
a lei maria da penha é de 2006 e leva o nome de uma farmacêutica do ceará
as mulheres só conquistaram o direito de votar no brasil em 1932
o futebol feminino ficou proibido por lei no brasil até 1979
a marta foi eleita seis vezes a melhor jogadora do mundo
a nise da silveira revolucionou o tratamento psiquiátrico no brasil
a bertha lutz foi uma das líderes da luta pelo voto feminino
a delegacia da mulher foi criada em são paulo em 1985
a chiquinha gonzaga foi a primeira maestrina do brasil
a lei do feminicídio é de 2015
as mulheres são mais da metade da população brasileira
a rayssa leal ganhou medalha olímpica com 13 anos
a primeira mulher eleita presidente do brasil tomou posse em 2011
"""),
    "black": lines("""
o 20 de novembro, dia da consciência negra, virou feriado nacional
zumbi dos palmares liderou o maior quilombo da história do brasil
o brasil foi o último país das américas a abolir a escravidão, em 1888
mais da metade da população brasileira se declara preta ou parda
a lei de cotas nas universidades federais é de 2012
racismo é crime inafiançável e imprescritível desde a constituição de 88
a carolina maria de jesus escreveu quarto de despejo a partir dos diários dela
o machado de assis, fundador da academia brasileira de letras, era um homem negro
a injúria racial foi equiparada ao racismo em 2023
o luiz gama foi um advogado negro que libertou mais de 500 escravizados na justiça
o samba nasceu nas casas das tias baianas do rio, como a tia ciata
o cais do valongo, no rio, foi o maior porto de chegada de africanos escravizados das américas
"""),
    "indigenous": lines("""
o dia dos povos indígenas é 19 de abril
o brasil tem mais de 300 povos indígenas e mais de 270 línguas
palavras como pipoca, capivara e abacaxi vêm do tupi
o ailton krenak foi o primeiro indígena eleito pra academia brasileira de letras
o censo de 2022 contou cerca de 1,7 milhão de indígenas no brasil
a terra indígena yanomami fica entre roraima e o amazonas
existe uma aldeia guarani dentro da cidade de são paulo, no jaraguá
o ministério dos povos indígenas foi criado em 2023
o parque indígena do xingu foi criado em 1961
a mandioca foi domesticada por povos indígenas na amazônia
a rede de dormir é uma invenção indígena
a joênia wapichana foi a primeira mulher indígena eleita deputada federal
"""),
    "lgbt": lines("""
o stf reconheceu a união entre pessoas do mesmo sexo em 2011
o casamento civil entre pessoas do mesmo sexo é garantido no brasil desde 2013
desde 2019 a homofobia é enquadrada como crime de racismo
a parada lgbt de são paulo é uma das maiores do mundo
a oms tirou a homossexualidade da lista de doenças em 1990
o dia do orgulho lgbt é 28 de junho por causa da revolta de stonewall
o conselho federal de psicologia proíbe terapia de conversão desde 1999
casais do mesmo sexo podem adotar crianças no brasil
o dia da visibilidade lésbica no brasil é 29 de agosto
o dia da visibilidade bissexual é 23 de setembro
a bandeira do arco-íris foi criada pelo gilbert baker em 1978
"""),
    "trans": lines("""
o dia nacional da visibilidade trans é 29 de janeiro
o nome social é reconhecido no sus e nas universidades federais
desde 2018 dá pra mudar nome e gênero direto no cartório, sem processo
o sus oferece o processo transexualizador desde 2008
a oms tirou a transexualidade da lista de transtornos mentais em 2019
a erika hilton e a duda salabert foram as primeiras deputadas federais trans do brasil
o brasil é há anos o país que mais registra assassinatos de pessoas trans
a antra publica todo ano um dossiê sobre violência contra pessoas trans
o enem aceita nome social desde 2014
a expectativa de vida das pessoas trans no brasil é muito menor que a média
"""),
    "northeasterners": lines("""
o são joão de campina grande se diz o maior do mundo
o nordeste tem nove estados
o forró foi popularizado pelo luiz gonzaga, o rei do baião
o ariano suassuna escreveu o auto da compadecida
salvador foi a primeira capital do brasil
milhões de nordestinos migraram pra são paulo entre os anos 50 e 70
o sotaque muda muito de um estado do nordeste pro outro
recife tem um dos maiores polos de tecnologia do país, o porto digital
o nordeste gera boa parte da energia eólica do brasil
o graciliano ramos escreveu vidas secas sobre a seca no sertão
o ceará aboliu a escravidão em 1884, quatro anos antes da lei áurea
o centro de tradições nordestinas de são paulo fica no bairro do limão
"""),
    "immigrants": lines("""
a lei de migração de 2017 trata o imigrante como sujeito de direitos
o brasil recebeu milhões de imigrantes italianos, japoneses, alemães e sírios
são paulo tem a maior comunidade japonesa fora do japão
imigrante tem direito ao sus como qualquer pessoa
a missão paz, em são paulo, ajuda imigrantes com documentos e emprego
o conare é o órgão que analisa os pedidos de refúgio no brasil
a imigração japonesa começou em 1908 com o navio kasato maru
o museu da imigração fica na antiga hospedaria do brás
refugiado é quem foge de perseguição, guerra ou violação grave de direitos
imigrante pode abrir mei e trabalhar com carteira assinada
a esfiha e o pastel chegaram ao brasil com imigrantes
"""),
    "named_migrants": lines("""
a operação acolhida recebe venezuelanos em roraima desde 2018
muitos haitianos vieram pro brasil depois do terremoto de 2010
a feira da kantuta, em são paulo, reúne a comunidade boliviana aos domingos
a salteña é um salgado típico boliviano, parecido com uma empada
o kreyòl é uma das línguas oficiais do haiti, junto com o francês
milhares de venezuelanos foram interiorizados pra cidades do sul e do sudeste
a comunidade boliviana é uma das maiores comunidades imigrantes de são paulo
o brasil criou um visto humanitário pra haitianos depois do terremoto
pacaraima é a cidade de roraima na fronteira com a venezuela
a festa de nossa senhora de copacabana é uma tradição boliviana celebrada em são paulo
a fronteira entre brasil e venezuela tem mais de 2 mil km
muitos angolanos vêm estudar no brasil por convênio entre universidades
"""),
    "disabled": lines("""
a libras é reconhecida por lei como língua desde 2002
empresa com mais de 100 funcionários tem que contratar pessoas com deficiência
o brasil ficou entre os dez primeiros no quadro de medalhas das últimas paralimpíadas
o piso tátil ajuda pessoas cegas a se orientar na rua
a lei brasileira de inclusão é de 2015
o dia nacional de luta da pessoa com deficiência é 21 de setembro
o autismo é um espectro e cada pessoa tem necessidades diferentes
o cordão de girassol indica uma deficiência que não se vê
a audiodescrição narra o que aparece na tela pra quem não enxerga
o daniel dias é um dos maiores medalhistas paralímpicos da história
o braille foi criado pelo louis braille, que era cego
"""),
    "religious": lines("""
o círio de nazaré, em belém, reúne mais de dois milhões de pessoas
o santuário de aparecida é um dos maiores santuários católicos do mundo
o brasil é o país com mais católicos no mundo
o brasil é um estado laico desde 1890
o chico xavier é o médium mais conhecido do espiritismo brasileiro
a liberdade de crença é garantida pela constituição
a festa do divino é tradição católica em várias cidades do interior
o tapete de corpus christi é feito com serragem colorida nas ruas
o cristo redentor foi inaugurado em 1931
a irmã dulce foi canonizada em 2019
a romaria de juazeiro do norte homenageia o padre cícero
"""),
    "jews": lines("""
o yom kipur é o dia mais sagrado do calendário judaico
a primeira sinagoga das américas foi fundada no recife, a kahal zur israel
o rosh hashaná é o ano novo judaico
o bom retiro foi por décadas o bairro dos imigrantes judeus em são paulo
a clarice lispector nasceu numa família judia na ucrânia
o dia internacional em memória das vítimas do holocausto é 27 de janeiro
o bar mitzvah marca a maioridade religiosa dos meninos judeus aos 13 anos
o shabat vai do pôr do sol de sexta até o pôr do sol de sábado
o museu judaico de são paulo fica numa antiga sinagoga na bela vista
o hanucá é a festa das luzes e dura oito dias
o moacyr scliar foi um escritor gaúcho de família judia
a aracy de carvalho ajudou judeus a fugir da alemanha nazista dando vistos
"""),
    "muslims": lines("""
o ramadã é o mês de jejum do islã, do nascer ao pôr do sol
a revolta dos malês, em salvador, foi liderada por africanos muçulmanos em 1835
foz do iguaçu tem uma das maiores comunidades muçulmanas do brasil
a mesquita brasil, em são paulo, é considerada a mais antiga da américa latina
o iftar é a refeição que quebra o jejum no fim do dia no ramadã
halal é como se chama a comida permitida pelo islã
o brasil é um dos maiores exportadores de carne halal do mundo
o hijab é o véu que muitas mulheres muçulmanas usam
o eid al-fitr é a festa que marca o fim do ramadã
o islã tem cinco pilares, entre eles a oração e a caridade
muitos muçulmanos brasileiros são descendentes de libaneses e sírios
"""),
    "afro_religions": lines("""
o 21 de janeiro é o dia nacional de combate à intolerância religiosa, por causa da mãe gilda
iemanjá é celebrada no dia 2 de fevereiro em salvador
a lavagem do bonfim junta baianas de todas as religiões
o terreiro da casa branca, em salvador, foi o primeiro tombado pelo iphan
o acarajé é uma comida ligada a iansã no candomblé
a umbanda surgiu no rio de janeiro no começo do século 20
macumba era originalmente o nome de um instrumento de percussão
os orixás do candomblé vêm da tradição iorubá
a mãe menininha do gantois foi uma das ialorixás mais famosas do brasil
pular sete ondas no réveillon é um costume que vem da devoção a iemanjá
o ofício das baianas de acarajé é patrimônio imaterial do brasil
a mãe stella de oxóssi foi eleita pra academia de letras da bahia
"""),
    "evangelicals": lines("""
os evangélicos são quase um terço da população brasileira
a marcha para jesus em são paulo reúne milhões de pessoas
a assembleia de deus é a maior igreja evangélica do brasil
a reforma protestante começou em 1517 com martinho lutero
o dia nacional do evangélico é 30 de novembro
a música gospel é um dos gêneros que mais vendem no brasil
a primeira igreja batista do brasil foi fundada em salvador em 1882
os pentecostais chegaram ao brasil no começo do século 20, por belém
a aline barros ganhou vários grammys latinos de música cristã
o número de evangélicos cresceu muito nas periferias nas últimas décadas
"""),
    "elderly": lines("""
o estatuto do idoso é de 2003
no brasil é considerado idoso quem tem 60 anos ou mais
entre os idosos, quem tem mais de 80 anos tem prioridade especial na fila
idosos acima de 65 anos têm direito a transporte público gratuito
muitas universidades têm programas pra terceira idade
o brasil vai ter mais idosos do que crianças nas próximas décadas
o dia nacional do idoso é 1 de outubro
o disque 100 também recebe denúncias de violência contra idosos
a expectativa de vida no brasil passou dos 76 anos
a dona canô, mãe do caetano veloso, viveu até os 105 anos
"""),
    "poor": lines("""
o complexo da maré, no rio, tem mais de 120 mil moradores
a cufa nasceu na cidade de deus, no rio
paraisópolis é uma das maiores favelas de são paulo
a rocinha é uma das maiores favelas do brasil
o brasil tem mais de 16 milhões de pessoas morando em favelas
o passinho foi reconhecido como patrimônio cultural do rio
a palavra favela vem de uma planta que tinha no morro da providência
o morro da providência é considerado a primeira favela do rio
o bolsa família existe desde 2003
o ibge passou a usar o termo favelas e comunidades urbanas em 2024
o g10 favelas reúne lideranças das maiores favelas do país
"""),
}
